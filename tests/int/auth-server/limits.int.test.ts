import { describe, expect, it } from "vitest";
import { authServerPerFile, officialClient, PASSWORD, uniqueEmail, type TestAuth } from "./support";

const perEmail = authServerPerFile({ rateLimit: { signInPerEmail: 3, signInPerIp: 100 } });
const perIp = authServerPerFile({ rateLimit: { signInPerEmail: 100, signInPerIp: 3 } });
/** IP address forwarding on, as the local stack runs it behind the app. */
const forwarding = authServerPerFile({
  sbForwardedForEnabled: true,
  rateLimit: { signInPerEmail: 3, signInPerIp: 3 },
});
/** GoTrue's default: Sb-Forwarded-For is not trusted from anyone. */
const notForwarding = authServerPerFile({ rateLimit: { signInPerEmail: 100, signInPerIp: 3 } });
const mailFrequency = authServerPerFile({ enableConfirmations: true, emailMaxFrequency: 60 });

/** A client whose every request names `ip` in Sb-Forwarded-For, with the given API key. */
function forwardingClient(server: TestAuth, key: string, ip: string) {
  return officialClient(server.supabaseUrl, key, {}, { headers: { "Sb-Forwarded-For": ip } });
}

async function confirmedUser(server: TestAuth, tag: string): Promise<string> {
  const email = uniqueEmail(tag);
  const { error } = await server
    .admin()
    .auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
  if (error) throw error;
  return email;
}

describe("sign-in limits per account", () => {
  it("caps failed password attempts per address: past the cap even the right password is 429, with a clear message", async () => {
    const email = await confirmedUser(perEmail, "brute");
    for (let i = 0; i < 3; i++) {
      const { error } = await perEmail
        .anon()
        .auth.signInWithPassword({ email, password: `wrong-${i}-password` });
      expect(error?.code).toBe("invalid_credentials");
    }
    const { error } = await perEmail.anon().auth.signInWithPassword({ email, password: PASSWORD });
    expect(error?.code).toBe("over_request_rate_limit");
    expect(error?.status).toBe(429);
    expect(error?.message).toMatch(
      /^Too many failed sign-in attempts for this account\. Try again in \d+ seconds\.$/,
    );

    const bystander = await confirmedUser(perEmail, "bystander");
    expect(
      (await perEmail.anon().auth.signInWithPassword({ email: bystander, password: PASSWORD })).error,
    ).toBeNull();
  });

  it("answers the capped account with Retry-After", async () => {
    const email = uniqueEmail("retry-after"); // no such account: it is capped all the same
    for (let i = 0; i < 3; i++) {
      await perEmail.anon().auth.signInWithPassword({ email, password: `wrong-${i}-password` });
    }
    const res = await fetch(`${perEmail.url}/token?grant_type=password`, {
      method: "POST",
      headers: { apikey: perEmail.publishableKey, "content-type": "application/json" },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(res.headers.get("retry-after"))).toBeLessThanOrEqual(300);
  });

  it("does not count the owner's successful sign-ins", async () => {
    const email = await confirmedUser(perEmail, "many-devices");
    for (let i = 0; i < 6; i++) {
      expect((await perEmail.anon().auth.signInWithPassword({ email, password: PASSWORD })).error).toBeNull();
    }
  });

  it("caps guesses at one account even when each comes from another address", async () => {
    const email = await confirmedUser(forwarding, "spread");
    for (let i = 0; i < 3; i++) {
      const client = forwardingClient(forwarding, forwarding.secretKey, `198.51.100.${i + 1}`);
      const { error } = await client.auth.signInWithPassword({ email, password: `wrong-${i}-password` });
      expect(error?.code).toBe("invalid_credentials");
    }
    const fresh = forwardingClient(forwarding, forwarding.secretKey, "198.51.100.50");
    expect((await fresh.auth.signInWithPassword({ email, password: PASSWORD })).error?.status).toBe(429);
  });
});

describe("sign-in limits per client address", () => {
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

  it("a client naming other addresses in Sb-Forwarded-For with the publishable key is still counted by its own", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const client = forwardingClient(forwarding, forwarding.publishableKey, `203.0.113.${i + 1}`);
      const { error } = await client.auth.signUp({ email: uniqueEmail(`forged-${i}`), password: PASSWORD });
      statuses.push(error?.status ?? 200);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    // Even with the secret key, a value that is not an address counts the caller's own.
    const malformed = forwardingClient(forwarding, forwarding.secretKey, "not-an-address");
    const { error } = await malformed.auth.signUp({ email: uniqueEmail("malformed"), password: PASSWORD });
    expect(error?.status).toBe(429);
  });

  it("the app's server, with the secret key, gives every forwarded address a budget of its own", async () => {
    const from = (ip: string) => forwardingClient(forwarding, forwarding.secretKey, ip);
    const signUp = (ip: string, i: number) =>
      from(ip).auth.signUp({ email: uniqueEmail(`fwd-${i}`), password: PASSWORD });
    for (let i = 0; i < 3; i++) expect((await signUp("192.0.2.1", i)).error).toBeNull();
    expect((await signUp("192.0.2.1", 3)).error?.code).toBe("over_request_rate_limit");
    // Another person behind the same app is not locked out by the first one.
    expect((await signUp("192.0.2.2", 4)).error).toBeNull();
  });

  it("without IP address forwarding (GoTrue's default) even the secret key's Sb-Forwarded-For is ignored", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const client = forwardingClient(notForwarding, notForwarding.secretKey, `192.0.2.${i + 10}`);
      const { error } = await client.auth.signUp({ email: uniqueEmail(`off-${i}`), password: PASSWORD });
      statuses.push(error?.status ?? 200);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
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
