import { randomUUID } from "node:crypto";
import { readJson, type RequestContext } from "../context";
import { sendConfirmation } from "../emails";
import { unprocessable } from "../errors";
import { pkceParams } from "../flow";
import { json, type Reply } from "../http";
import { assertPasswordStrong, hashPassword } from "../passwords";
import { resolveRedirect } from "../redirect";
import { signupBody, validateEmail } from "../schemas";
import { startSession } from "../tokens";
import {
  AUTHENTICATED_AUD,
  confirmEmail,
  createUser,
  findUserByEmail,
  isConfirmed,
  userJsonFor,
} from "../users";

/** POST /signup (supabase/auth internal/api/signup.go). */
export async function signup(ctx: RequestContext): Promise<Reply> {
  const { settings, limiter, sql } = ctx.deps;
  limiter.hit(`signin-ip:${ctx.ip}`, settings.rateLimit.signInPerIp, settings.rateLimit.windowSeconds);
  const body = await readJson(ctx, signupBody);
  if (!settings.enableSignup) throw unprocessable("signup_disabled", "Signups not allowed for this instance");
  if (!body.email && !body.phone) return anonymousSignIn(ctx, body.data ?? {});
  if (body.email && body.phone) {
    throw unprocessable(
      "validation_failed",
      "Only an email address or phone number should be provided on signup.",
    );
  }
  if (body.phone) throw unprocessable("phone_provider_disabled", "Phone signups are disabled");
  if (!settings.enableEmailSignup) {
    throw unprocessable("email_provider_disabled", "Email signups are disabled");
  }
  if (!body.password) throw unprocessable("validation_failed", "Signup requires a valid password");
  assertPasswordStrong(body.password, settings);
  const pkce = pkceParams(body.code_challenge, body.code_challenge_method);
  const email = validateEmail(body.email);
  const redirectTo = resolveRedirect(ctx);
  const passwordHash = await hashPassword(body.password);
  const autoconfirm = !settings.enableConfirmations;

  const outcome = await sql.begin(async (tx) => {
    let user = await findUserByEmail(tx, email);
    if (user && isConfirmed(user)) return { existing: user };
    // An unconfirmed user keeps their data: we cannot be sure who is signing up again.
    user ??= await createUser(tx, {
      email,
      passwordHash,
      provider: "email",
      userMetadata: body.data ?? {},
      emailConfirmed: autoconfirm,
    });
    if (!autoconfirm) {
      user = await sendConfirmation(ctx, tx, user, { redirectTo, pkce });
      return { reply: await userJsonFor(tx, user) };
    }
    if (!isConfirmed(user)) user = await confirmEmail(tx, user);
    return { reply: await startSession(ctx, tx, user, "password") };
  });

  if ("reply" in outcome) return json(outcome.reply);
  if (autoconfirm) throw unprocessable("user_already_exists", "User already registered");
  // With confirmations on, a repeat sign-up must not reveal that the address is taken.
  return json(obfuscatedUser(email, body.data ?? {}));
}

/** GoTrue's sanitizeUser: a plausible, unsaved user for a repeated sign-up. */
function obfuscatedUser(email: string, data: Record<string, unknown>) {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    aud: AUTHENTICATED_AUD,
    role: "authenticated",
    email,
    phone: "",
    confirmation_sent_at: now,
    app_metadata: { provider: "email", providers: ["email"] },
    user_metadata: data,
    identities: [],
    created_at: now,
    updated_at: now,
    is_anonymous: false,
  };
}

/** A sign-up with neither email nor phone is an anonymous sign-in (anonymous.go). */
async function anonymousSignIn(ctx: RequestContext, data: Record<string, unknown>): Promise<Reply> {
  if (!ctx.deps.settings.enableAnonymousSignIns) {
    throw unprocessable("anonymous_provider_disabled", "Anonymous sign-ins are disabled");
  }
  const session = await ctx.deps.sql.begin(async (tx) => {
    const user = await createUser(tx, {
      email: null,
      passwordHash: "",
      provider: "anonymous",
      userMetadata: data,
      isAnonymous: true,
    });
    return startSession(ctx, tx, user, "anonymous");
  });
  return json(session);
}
