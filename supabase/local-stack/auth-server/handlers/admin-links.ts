import { readJson, type RequestContext } from "../context";
import { sendInvite } from "../emails";
import { badRequest, DUPLICATE_EMAIL_MESSAGE, notFound, unprocessable } from "../errors";
import { requireAdmin } from "../guards";
import { json, type Reply } from "../http";
import { verifyLink, type VerifyType } from "../mail";
import { issueToken, type OtpKind } from "../otp";
import { assertPasswordStrong, hashPassword } from "../passwords";
import { resolveRedirect } from "../redirect";
import { generateLinkBody, inviteBody, validateEmail } from "../schemas";
import { createUser, findUserByEmail, isConfirmed, userJsonFor, type Db, type UserRow } from "../users";

/** Admin endpoints that invite users or hand out links (supabase/auth internal/api/invite.go, mail.go). */

/** Existing users may be invited or signed up again only while unconfirmed. */
function assertNotConfirmed(user: UserRow | undefined): void {
  if (user && isConfirmed(user)) throw unprocessable("email_exists", DUPLICATE_EMAIL_MESSAGE);
}

function newEmailUser(
  db: Db,
  email: string,
  passwordHash: string,
  data: Record<string, unknown> | null | undefined,
) {
  return createUser(db, { email, passwordHash, provider: "email", userMetadata: data ?? {} });
}

/** POST /invite: creates the user if needed and mails an invite link. */
export async function invite(ctx: RequestContext): Promise<Reply> {
  await requireAdmin(ctx);
  const body = await readJson(ctx, inviteBody);
  const email = validateEmail(body.email);
  const redirectTo = resolveRedirect(ctx);
  const reply = await ctx.deps.sql.begin(async (tx) => {
    const existing = await findUserByEmail(tx, email);
    assertNotConfirmed(existing);
    const user = existing ?? (await newEmailUser(tx, email, "", body.data));
    return userJsonFor(tx, await sendInvite(ctx, tx, user, { redirectTo }));
  });
  return json(reply);
}

type LinkType = "signup" | "invite" | "magiclink" | "recovery" | "email_change_current" | "email_change_new";

const LINK_TYPES: Record<LinkType, { kind: OtpKind; verifyType: VerifyType }> = {
  signup: { kind: "confirmation", verifyType: "signup" },
  invite: { kind: "confirmation", verifyType: "invite" },
  magiclink: { kind: "recovery", verifyType: "magiclink" },
  recovery: { kind: "recovery", verifyType: "recovery" },
  email_change_current: { kind: "email_change_current", verifyType: "email_change" },
  email_change_new: { kind: "email_change_new", verifyType: "email_change" },
};

/**
 * POST /admin/generate_link: the link (and code) a mail would carry, without sending it. Answers
 * the user's fields flattened together with action_link, email_otp, hashed_token,
 * verification_type and redirect_to.
 */
export async function generateLink(ctx: RequestContext): Promise<Reply> {
  await requireAdmin(ctx);
  const { settings, sql, externalUrl } = ctx.deps;
  const body = await readJson(ctx, generateLinkBody);
  const requested = body.type ?? "";
  if (!Object.hasOwn(LINK_TYPES, requested)) {
    throw badRequest("validation_failed", `Invalid email action link type requested: ${requested}`);
  }
  const email = validateEmail(body.email);
  const newEmail = requested.startsWith("email_change") ? validateEmail(body.new_email) : null;
  const redirectTo = resolveRedirect(ctx, body.redirect_to);

  const reply = await sql.begin(async (tx) => {
    let type = requested as LinkType;
    let user = await findUserByEmail(tx, email);
    if (!user && (type === "recovery" || type.startsWith("email_change"))) {
      throw notFound("user_not_found", "User with this email not found");
    }
    // A magic link for an unknown address signs them up (GoTrue does the same).
    if (!user && type === "magiclink") type = "signup";
    if (type === "signup" || type === "invite") assertNotConfirmed(user);
    if (!user) {
      if (!settings.enableSignup) {
        throw unprocessable("signup_disabled", "Signups not allowed for this instance");
      }
      let passwordHash = "";
      if (type === "signup" && body.password) {
        assertPasswordStrong(body.password, settings);
        passwordHash = await hashPassword(body.password);
      } else if (type === "signup" && requested === "signup") {
        throw unprocessable("validation_failed", "Signup requires a valid password");
      }
      user = await newEmailUser(tx, email, passwordHash, body.data);
    }
    if (newEmail) {
      const owner = await findUserByEmail(tx, newEmail);
      if (owner && owner.id !== user.id) throw unprocessable("email_exists", DUPLICATE_EMAIL_MESSAGE);
    }
    const { kind, verifyType } = LINK_TYPES[type];
    const issued = await issueToken(tx, user, kind, {
      email: kind === "email_change_new" ? newEmail! : user.email!,
      otpLength: settings.otpLength,
      extra: {
        ...(type === "invite" ? { invited_at: new Date() } : {}),
        ...(newEmail ? { email_change: newEmail, email_change_confirm_status: 0 } : {}),
      },
    });
    return {
      ...(await userJsonFor(tx, issued.user)),
      action_link: verifyLink(externalUrl, issued.token.hashedToken, verifyType, redirectTo),
      email_otp: issued.token.otp,
      hashed_token: issued.token.hashedToken,
      verification_type: type,
      redirect_to: redirectTo,
    };
  });
  return json(reply);
}
