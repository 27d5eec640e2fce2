import { readJson, type RequestContext } from "../context";
import { sendConfirmation, sendEmailChange, sendMagicLink, sendRecovery } from "../emails";
import { badRequest, unprocessable } from "../errors";
import { pkceParams } from "../flow";
import { json, type Reply } from "../http";
import { resolveRedirect } from "../redirect";
import { otpBody, recoverBody, resendBody, validateEmail } from "../schemas";
import { createUser, findUserByEmail, isConfirmed } from "../users";

/**
 * The endpoints that only send mail. They answer `{}` whether or not the address is known, so
 * they cannot be used to find out who has an account.
 */

/** POST /recover: a password-reset link (recover.go). */
export async function recover(ctx: RequestContext): Promise<Reply> {
  const body = await readJson(ctx, recoverBody);
  const pkce = pkceParams(body.code_challenge, body.code_challenge_method);
  const email = validateEmail(body.email);
  const redirectTo = resolveRedirect(ctx);
  await ctx.deps.sql.begin(async (tx) => {
    const user = await findUserByEmail(tx, email);
    if (user) await sendRecovery(ctx, tx, user, { redirectTo, pkce });
  });
  return json({});
}

/**
 * POST /otp with an email: a magic link, or a sign-up confirmation for a new or unconfirmed
 * address (otp.go). Phone OTPs need an SMS provider, which the local stack does not have.
 */
export async function otp(ctx: RequestContext): Promise<Reply> {
  const { settings, limiter, sql } = ctx.deps;
  limiter.hit(`signin-ip:${ctx.ip}`, settings.rateLimit.signInPerIp, settings.rateLimit.windowSeconds);
  const body = await readJson(ctx, otpBody);
  if (body.phone) throw unprocessable("phone_provider_disabled", "Unsupported phone provider");
  const email = validateEmail(body.email);
  const pkce = pkceParams(body.code_challenge, body.code_challenge_method);
  const redirectTo = resolveRedirect(ctx);
  await sql.begin(async (tx) => {
    let user = await findUserByEmail(tx, email);
    if (!user) {
      if (body.create_user === false) throw unprocessable("otp_disabled", "Signups not allowed for otp");
      if (!settings.enableSignup) {
        throw unprocessable("signup_disabled", "Signups not allowed for this instance");
      }
      user = await createUser(tx, {
        email,
        passwordHash: "",
        provider: "email",
        userMetadata: body.data ?? {},
        emailConfirmed: !settings.enableConfirmations,
      });
    }
    if (isConfirmed(user)) await sendMagicLink(ctx, tx, user, { redirectTo, pkce });
    else await sendConfirmation(ctx, tx, user, { redirectTo, pkce });
  });
  return json({});
}

/** POST /resend: the sign-up confirmation or the pending email change, again (resend.go). */
export async function resend(ctx: RequestContext): Promise<Reply> {
  const body = await readJson(ctx, resendBody);
  if (body.type === "sms" || body.type === "phone_change") {
    throw unprocessable("phone_provider_disabled", "Unsupported phone provider");
  }
  if (body.type !== "signup" && body.type !== "email_change") {
    throw badRequest(
      "validation_failed",
      "Missing one of these types: signup, email_change, sms, phone_change",
    );
  }
  const type = body.type;
  const email = validateEmail(body.email);
  const pkce = pkceParams(body.code_challenge, body.code_challenge_method);
  const redirectTo = resolveRedirect(ctx);
  await ctx.deps.sql.begin(async (tx) => {
    const user = await findUserByEmail(tx, email);
    if (!user) return;
    if (type === "signup" && !isConfirmed(user)) await sendConfirmation(ctx, tx, user, { redirectTo, pkce });
    if (type === "email_change" && user.email_change) {
      await sendEmailChange(ctx, tx, user, user.email_change, { redirectTo, pkce });
    }
  });
  return json({});
}
