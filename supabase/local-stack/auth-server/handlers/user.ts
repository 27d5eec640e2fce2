import { readJson, type RequestContext } from "../context";
import { sendEmailChange } from "../emails";
import { ApiError, badRequest, DUPLICATE_EMAIL_MESSAGE, unprocessable } from "../errors";
import { pkceParams } from "../flow";
import { json, noContent, type Reply } from "../http";
import { auditLog, hasVerifiedFactor } from "../mfa";
import { clearTokens } from "../otp";
import { assertPasswordStrong, hashPassword, passwordMatches } from "../passwords";
import { resolveRedirect } from "../redirect";
import { userUpdateBody, validateEmail } from "../schemas";
import { logout, type LogoutScope } from "../tokens";
import { requireUser } from "../guards";
import {
  findUserByEmail,
  mergeMetadata,
  syncEmailIdentity,
  updateUser,
  userJsonFor,
  type Db,
  type UserRow,
} from "../users";

/** GET /user: the signed-in user, not wrapped (user.go `UserGet`). */
export async function getUser(ctx: RequestContext): Promise<Reply> {
  const { user } = await requireUser(ctx);
  return json(await userJsonFor(ctx.deps.sql, user));
}

const LOGOUT_SCOPES: readonly LogoutScope[] = ["global", "local", "others"];

/** POST /logout?scope=global|local|others → 204 (logout.go). */
export async function signOut(ctx: RequestContext): Promise<Reply> {
  const scope = (ctx.url.searchParams.get("scope") || "global") as LogoutScope;
  if (!LOGOUT_SCOPES.includes(scope)) {
    throw badRequest("validation_failed", `Unsupported logout scope "${scope}"`);
  }
  const { user, session } = await requireUser(ctx);
  if (session) await logout(ctx.deps.sql, user.id, session.id, scope);
  else if (scope === "global") await logout(ctx.deps.sql, user.id, "", "global");
  return noContent();
}

/**
 * A new password: stored, every pending emailed token voided, and every other session signed
 * out, since whoever knew the old password may be holding one (models/user.go `UpdatePassword`).
 */
export async function changePassword(
  db: Db,
  user: UserRow,
  passwordHash: string,
  keepSessionId: string | null,
) {
  const updated = await clearTokens(
    db,
    user,
    ["confirmation", "recovery", "email_change_new", "email_change_current"],
    {
      encrypted_password: passwordHash,
      confirmation_sent_at: null,
      recovery_sent_at: null,
      email_change_sent_at: null,
    },
  );
  await logout(db, user.id, keepSessionId ?? "", keepSessionId ? "others" : "global");
  return updated;
}

/** PUT /user: password, email, metadata (user.go `UserUpdate`). */
export async function updateCurrentUser(ctx: RequestContext): Promise<Reply> {
  const { user, session } = await requireUser(ctx);
  const { settings, sql } = ctx.deps;
  const body = await readJson(ctx, userUpdateBody);
  const pkce = pkceParams(body.code_challenge, body.code_challenge_method);
  if (body.phone && body.phone !== user.phone) {
    throw unprocessable(
      "phone_provider_disabled",
      "Phone changes are not supported by the local auth server",
    );
  }
  // GoTrue's UserUpdate: with a verified factor, only an aal2 session may change what signs in.
  if (
    (body.password != null || (body.email && body.email !== user.email)) &&
    session?.aal !== "aal2" &&
    (await hasVerifiedFactor(sql, user.id))
  ) {
    throw new ApiError(
      401,
      "insufficient_aal",
      "AAL2 session is required to update email or password when MFA is enabled.",
    );
  }
  let passwordHash: string | null = null;
  if (body.password != null) {
    assertPasswordStrong(body.password, settings);
    if (user.encrypted_password && (await passwordMatches(body.password, user.encrypted_password))) {
      throw unprocessable("same_password", "New password should be different from the old password.");
    }
    passwordHash = await hashPassword(body.password);
  }
  const newEmail = body.email ? validateEmail(body.email) : null;

  const reply = await sql.begin(async (tx) => {
    let current = user;
    if (passwordHash) {
      current = await changePassword(tx, current, passwordHash, session?.id ?? null);
      await auditLog(tx, user, "user_updated_password", ctx.ip);
    }
    if (body.data) {
      current = await updateUser(tx, user.id, {
        raw_user_meta_data: mergeMetadata(current.raw_user_meta_data, body.data),
      });
    }
    if (newEmail && newEmail !== current.email) {
      const owner = await findUserByEmail(tx, newEmail);
      if (owner && owner.id !== user.id) throw unprocessable("email_exists", DUPLICATE_EMAIL_MESSAGE);
      // As GoTrue (user.go UserUpdate): only an anonymous user adding an address while
      // confirmations are off gets it at once; a permanent account always confirms a change,
      // from both addresses with double_confirm_changes, whatever enable_confirmations says.
      current =
        current.is_anonymous && !settings.enableConfirmations
          ? await syncEmailIdentity(tx, await updateUser(tx, user.id, { email: newEmail }))
          : await sendEmailChange(ctx, tx, current, newEmail, { redirectTo: resolveRedirect(ctx), pkce });
    }
    return userJsonFor(tx, current);
  });
  return json(reply);
}
