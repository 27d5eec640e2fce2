import { describe, expect, it } from "vitest";
import { authServerPerFile, PASSWORD, uniqueEmail } from "./support";

const perEmail = authServerPerFile({ rateLimit: { signInPerEmail: 3, signInPerIp: 100 } });
const perIp = authServerPerFile({ rateLimit: { signInPerEmail: 100, signInPerIp: 3 } });
const mailFrequency = authServerPerFile({ enableConfirmations: true, emailMaxFrequency: 60 });

describe("sign-in rate limits", () => {
  it("limits password attempts per address: past the limit even the right password is 429", async () => {
    const email = uniqueEmail("brute");
    await perEmail.admin().auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
    for (let i = 0; i < 3; i++) {
      const { error } = await perEmail
        .anon()
        .auth.signInWithPassword({ email, password: `wrong-${i}-password` });
      expect(error?.code).toBe("invalid_credentials");
    }
    const { error } = await perEmail.anon().auth.signInWithPassword({ email, password: PASSWORD });
    expect(error?.code).toBe("over_request_rate_limit");
    expect(error?.status).toBe(429);
    expect(error?.message).toBe("Request rate limit reached");

    const other = uniqueEmail("bystander");
    await perEmail.admin().auth.admin.createUser({ email: other, password: PASSWORD, email_confirm: true });
    expect(
      (await perEmail.anon().auth.signInWithPassword({ email: other, password: PASSWORD })).error,
    ).toBeNull();
  });

  it("limits sign-ups and sign-ins per client address", async () => {
    for (let i = 0; i < 3; i++) {
      const { error } = await perIp.anon().auth.signUp({ email: uniqueEmail(`ip-${i}`), password: PASSWORD });
      expect(error).toBeNull();
    }
    const signUp = await perIp.anon().auth.signUp({ email: uniqueEmail("ip-over"), password: PASSWORD });
    expect(signUp.error?.code).toBe("over_request_rate_limit");
    const signIn = await perIp
      .anon()
      .auth.signInWithPassword({ email: uniqueEmail("ip-over"), password: PASSWORD });
    expect(signIn.error?.code).toBe("over_request_rate_limit");
  });
});

describe("mail frequency (auth.email.max_frequency)", () => {
  it("refuses another confirmation mail to the same user within the interval", async () => {
    const email = uniqueEmail("freq");
    expect((await mailFrequency.anon().auth.signUp({ email, password: PASSWORD })).error).toBeNull();
    const { error } = await mailFrequency.anon().auth.resend({ type: "signup", email });
    expect(error?.code).toBe("over_email_send_rate_limit");
    expect(error?.status).toBe(429);
    expect(error?.message).toMatch(/^For security purposes, you can only request this after \d+ seconds\.$/);
  });

  it("refuses a second password reset within the interval", async () => {
    const email = uniqueEmail("freq-reset");
    await mailFrequency.admin().auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
    expect((await mailFrequency.anon().auth.resetPasswordForEmail(email)).error).toBeNull();
    const { error } = await mailFrequency.anon().auth.resetPasswordForEmail(email);
    expect(error?.code).toBe("over_email_send_rate_limit");
  });
});
