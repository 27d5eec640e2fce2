import type { SupabaseClient } from "@supabase/supabase-js";
import { Secret, TOTP } from "otpauth";
import { describe, expect, it } from "vitest";
import { authServerPerFile, PASSWORD, rawRequest, uniqueEmail, type TestAuth } from "./support";

/** TOTP (POST /factors, /factors/:id/challenge, /factors/:id/verify, DELETE /factors/:id) through supabase-js. */
const auth = authServerPerFile();

function codeFor(secret: string, at = Date.now()): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" }).generate({
    timestamp: at,
  });
}

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
}

async function signedIn(
  server: TestAuth,
  email?: string,
): Promise<{ client: SupabaseClient; email: string }> {
  const address = email ?? uniqueEmail("mfa");
  if (!email) {
    const { error } = await server
      .admin()
      .auth.admin.createUser({ email: address, password: PASSWORD, email_confirm: true });
    if (error) throw error;
  }
  const client = server.anon();
  const { error } = await client.auth.signInWithPassword({ email: address, password: PASSWORD });
  if (error) throw error;
  return { client, email: address };
}

/** A user with a verified TOTP factor; the client's session is aal2 afterwards. */
async function enrolled(server: TestAuth) {
  const { client, email } = await signedIn(server);
  const { data, error } = await client.auth.mfa.enroll({ factorType: "totp", friendlyName: "Phone" });
  if (error) throw error;
  const verify = await client.auth.mfa.challengeAndVerify({
    factorId: data.id,
    code: codeFor(data.totp.secret),
  });
  if (verify.error) throw verify.error;
  return { client, email, factorId: data.id, secret: data.totp.secret };
}

describe("enrolment", () => {
  it("answers GoTrue's shape: id, type, friendly_name and totp {qr_code (SVG), secret, uri}", async () => {
    const { client, email } = await signedIn(auth);
    const { data, error } = await client.auth.mfa.enroll({ factorType: "totp", friendlyName: "Laptop" });
    expect(error).toBeNull();
    expect(data).toMatchObject({ type: "totp", friendly_name: "Laptop" });
    expect(data!.totp.secret).toMatch(/^[A-Z2-7]{32}$/);
    // auth-js turns GoTrue's raw SVG into a data URI.
    expect(data!.totp.qr_code).toMatch(/^data:image\/svg\+xml;utf-8,<svg/);
    // auth-js does not escape it: nothing in it may end or break a data URI.
    expect(data!.totp.qr_code).not.toMatch(/[#%]/);
    expect(data!.totp.uri).toContain(`otpauth://totp/`);
    expect(decodeURIComponent(data!.totp.uri)).toContain(email);
    // Unverified, it shows in the user's factors but not as a usable TOTP factor.
    const factors = await client.auth.mfa.listFactors();
    expect(factors.data!.all).toEqual([expect.objectContaining({ id: data!.id, status: "unverified" })]);
    expect(factors.data!.totp).toEqual([]);
  });

  it("verifying the first code lifts the session to aal2 with totp in amr, and the factor to verified", async () => {
    const { client, factorId } = await enrolled(auth);
    const { data: session } = await client.auth.getSession();
    const claims = claimsOf(session.session!.access_token);
    expect(claims.aal).toBe("aal2");
    expect((claims.amr as { method: string }[]).map((a) => a.method).sort()).toEqual(["password", "totp"]);
    const level = await client.auth.mfa.getAuthenticatorAssuranceLevel();
    expect(level.data).toMatchObject({ currentLevel: "aal2", nextLevel: "aal2" });
    const factors = await client.auth.mfa.listFactors();
    expect(factors.data!.totp.map((f) => [f.id, f.status])).toEqual([[factorId, "verified"]]);
  });

  it("refuses a second factor from an aal1 session (insufficient_aal) and a duplicate name", async () => {
    const { email, client: strong } = await enrolled(auth);
    const { client } = await signedIn(auth, email);
    const weak = await client.auth.mfa.enroll({ factorType: "totp", friendlyName: "Other" });
    expect(weak.error?.code).toBe("insufficient_aal");
    expect(weak.error?.status).toBe(403);
    const dup = await strong.auth.mfa.enroll({ factorType: "totp", friendlyName: "Phone" });
    expect(dup.error?.code).toBe("mfa_factor_name_conflict");
  });
});

describe("sign-in with a second factor", () => {
  it("a password sign-in is aal1 with nextLevel aal2; the code makes it aal2", async () => {
    const { email, secret, factorId } = await enrolled(auth);
    const { client } = await signedIn(auth, email);
    const level = await client.auth.mfa.getAuthenticatorAssuranceLevel();
    expect(level.data).toMatchObject({ currentLevel: "aal1", nextLevel: "aal2" });
    // The enrolment's code was accepted in this time step: the next step's code is a new one.
    const challenge = await client.auth.mfa.challenge({ factorId });
    expect(challenge.error).toBeNull();
    expect(challenge.data).toMatchObject({ type: "totp" });
    expect(challenge.data!.expires_at).toBeGreaterThan(Date.now() / 1000);
    const verified = await client.auth.mfa.verify({
      factorId,
      challengeId: challenge.data!.id,
      code: codeFor(secret, Date.now() + 30_000),
    });
    expect(verified.error).toBeNull();
    expect(claimsOf(verified.data!.access_token).aal).toBe("aal2");
    // A refreshed token keeps the level.
    const refreshed = await client.auth.refreshSession();
    expect(claimsOf(refreshed.data.session!.access_token).aal).toBe("aal2");
  });

  it("a wrong code is mfa_verification_failed (422) and leaves the session at aal1", async () => {
    const { email, factorId, secret } = await enrolled(auth);
    const { client } = await signedIn(auth, email);
    const wrong = String((Number(codeFor(secret, Date.now() + 30_000)) + 1) % 1_000_000).padStart(6, "0");
    const { error } = await client.auth.mfa.challengeAndVerify({ factorId, code: wrong });
    expect(error?.code).toBe("mfa_verification_failed");
    expect(error?.status).toBe(422);
    const level = await client.auth.mfa.getAuthenticatorAssuranceLevel();
    expect(level.data!.currentLevel).toBe("aal1");
  });

  it("a code that was accepted once is refused when replayed, on a new challenge too", async () => {
    const { email, factorId, secret } = await enrolled(auth);
    const code = codeFor(secret, Date.now() + 30_000);
    const first = await signedIn(auth, email);
    expect((await first.client.auth.mfa.challengeAndVerify({ factorId, code })).error).toBeNull();
    const second = await signedIn(auth, email);
    const replay = await second.client.auth.mfa.challengeAndVerify({ factorId, code });
    expect(replay.error?.code).toBe("mfa_verification_failed");
    // And the enrolment's code, from an earlier step, is refused as well.
    const old = await second.client.auth.mfa.challengeAndVerify({ factorId, code: codeFor(secret) });
    expect(old.error?.code).toBe("mfa_verification_failed");
  });

  it("a challenge answers once: verifying it again is refused", async () => {
    const { email, factorId, secret } = await enrolled(auth);
    const { client } = await signedIn(auth, email);
    const challenge = (await client.auth.mfa.challenge({ factorId })).data!;
    const code = codeFor(secret, Date.now() + 30_000);
    expect((await client.auth.mfa.verify({ factorId, challengeId: challenge.id, code })).error).toBeNull();
    const again = await client.auth.mfa.verify({ factorId, challengeId: challenge.id, code });
    expect(again.error?.code).toBe("mfa_ip_address_mismatch");
  });

  it("an expired challenge is mfa_challenge_expired", async () => {
    const { email, factorId, secret } = await enrolled(auth);
    const { client } = await signedIn(auth, email);
    const challenge = (await client.auth.mfa.challenge({ factorId })).data!;
    await auth.sql`update auth.mfa_challenges set created_at = now() - interval '10 minutes' where id = ${challenge.id}`;
    const { error } = await client.auth.mfa.verify({
      factorId,
      challengeId: challenge.id,
      code: codeFor(secret, Date.now() + 30_000),
    });
    expect(error?.code).toBe("mfa_challenge_expired");
  });

  it("verifying ends the user's other aal1 sessions", async () => {
    const { client, email } = await signedIn(auth);
    const other = await signedIn(auth, email);
    const { data } = await client.auth.mfa.enroll({ factorType: "totp" });
    await client.auth.mfa.challengeAndVerify({ factorId: data!.id, code: codeFor(data!.totp.secret) });
    const { data: session } = await other.client.auth.getSession();
    const res = await rawRequest(auth, "/user", {
      headers: {
        authorization: `Bearer ${session.session!.access_token}`,
        "x-supabase-api-version": "2024-01-01",
      },
    });
    expect(res.status).toBe(403);
  });
});

describe("rate limits", () => {
  it("after ten wrong codes even the right one is refused for the window", async () => {
    const { email, factorId, secret } = await enrolled(auth);
    const { client } = await signedIn(auth, email);
    for (let i = 0; i < 10; i++) {
      const { error } = await client.auth.mfa.challengeAndVerify({
        factorId,
        code: "000000" === codeFor(secret) ? "111111" : "000000",
      });
      expect(error?.code).toBe("mfa_verification_failed");
    }
    const { error } = await client.auth.mfa.challengeAndVerify({
      factorId,
      code: codeFor(secret, Date.now() + 30_000),
    });
    expect(error?.status).toBe(429);
    expect(error?.code).toBe("over_request_rate_limit");
  });
});

describe("unenrolment and aal2 for account changes", () => {
  it("an aal1 session can neither unenrol a verified factor nor change the password", async () => {
    const { email, factorId } = await enrolled(auth);
    const { client } = await signedIn(auth, email);
    const unenroll = await client.auth.mfa.unenroll({ factorId });
    expect(unenroll.error?.code).toBe("insufficient_aal");
    const password = await client.auth.updateUser({ password: "another-horse-8" });
    expect(password.error?.code).toBe("insufficient_aal");
    expect(password.error?.status).toBe(401);
  });

  it("an aal2 session unenrols; its session drops to aal1 and the user has no factors", async () => {
    const { client, factorId } = await enrolled(auth);
    const { data, error } = await client.auth.mfa.unenroll({ factorId });
    expect(error).toBeNull();
    expect(data).toEqual({ id: factorId });
    const refreshed = await client.auth.refreshSession();
    expect(claimsOf(refreshed.data.session!.access_token).aal).toBe("aal1");
    const { data: user } = await client.auth.getUser();
    expect(user.user!.factors ?? []).toEqual([]);
  });

  it("the admin API lists and deletes a user's factors", async () => {
    const { client, factorId } = await enrolled(auth);
    const userId = (await client.auth.getUser()).data.user!.id;
    const admin = auth.admin();
    const listed = await admin.auth.admin.mfa.listFactors({ userId });
    expect(listed.data!.factors.map((f) => f.id)).toEqual([factorId]);
    const deleted = await admin.auth.admin.mfa.deleteFactor({ userId, id: factorId });
    expect(deleted.error).toBeNull();
    expect((await admin.auth.admin.mfa.listFactors({ userId })).data!.factors).toEqual([]);
  });

  it("records enrolment, verification and removal in auth.audit_log_entries", async () => {
    const { client, factorId } = await enrolled(auth);
    await client.auth.mfa.unenroll({ factorId });
    const rows = await auth.sql<{ action: string }[]>`
      select payload ->> 'action' as action from auth.audit_log_entries
      where payload -> 'traits' ->> 'factor_id' = ${factorId} order by created_at`;
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(["factor_in_progress", "verification_attempted", "factor_deleted"]),
    );
  });
});
