import { createServerClient } from "@supabase/ssr";
import { describe, expect, it, vi } from "vitest";
import { realtimeOptions } from "@/lib/supabase/options";
import { authServerPerFile, mailsTo, PASSWORD, uniqueEmail } from "@/tests/int/auth-server/support";

// GoTrue's mail interval (config.toml's max_frequency) as hosted projects have it, so a repeat
// sign-up inside it meets the over_email_send_rate_limit answer that only an existing account gets.
const auth = authServerPerFile({ enableConfirmations: true, emailMaxFrequency: 60 });

// The app's server client, pointed at this file's auth server, with a cookie jar per call (each
// sign-up is a different visitor).
vi.mock("@/lib/supabase/server", () => ({
  createSupabaseServerClient: async () => {
    const jar = new Map<string, string>();
    return createServerClient(auth.supabaseUrl, auth.publishableKey, {
      ...realtimeOptions,
      cookies: {
        getAll: () => [...jar].map(([name, value]) => ({ name, value })),
        setAll: (cookies) => cookies.forEach(({ name, value }) => jar.set(name, value)),
      },
    });
  },
}));
// Outside a request: the Host the emailed link is built from.
vi.mock("next/headers", () => ({ headers: async () => new Headers({ host: "localhost:3000" }) }));
const { signUpAction } = await import("@/lib/auth/actions");

function signUp(email: string) {
  const form = new FormData();
  form.set("display_name", "Probe");
  form.set("email", email);
  form.set("password", PASSWORD);
  return signUpAction(null, form);
}

/** The answer with the address taken out: what must not differ between addresses. */
const shape = (result: Awaited<ReturnType<typeof signUp>>, email: string) =>
  JSON.parse(JSON.stringify(result).replaceAll(email, "<email>"));

/**
 * Account enumeration through sign-up (issue #15, item 15), with confirmations on: signing up with
 * an address that has an account (confirmed, or unconfirmed and mailed moments ago) answers exactly
 * what a new address gets: "check your email".
 */
describe("sign-up with confirmations on", () => {
  it("answers a new address, a confirmed account's and a just-mailed unconfirmed one's the same", async () => {
    const fresh = uniqueEmail("fresh");
    const newcomer = await signUp(fresh);
    expect(newcomer).toMatchObject({ ok: true, data: { email: fresh, needsConfirmation: true } });
    const expected = shape(newcomer, fresh);

    // The same address again, inside the mail interval: the auth server refuses to mail again (429).
    expect(shape(await signUp(fresh), fresh)).toEqual(expected);
    expect(await mailsTo(auth.sql, fresh)).toHaveLength(1);

    // An account that exists and is confirmed.
    const taken = uniqueEmail("taken");
    const { data } = await auth
      .admin()
      .auth.admin.createUser({ email: taken, password: PASSWORD, email_confirm: true });
    expect(data.user?.email_confirmed_at).toBeTruthy();
    expect(shape(await signUp(taken), taken)).toEqual(expected);
    // Its owner is not signed up again, and the attacker was not signed in.
    const [row] = await auth.sql`select count(*)::int as n from auth.users where lower(email) = ${taken}`;
    expect(row!.n).toBe(1);
  });
});
