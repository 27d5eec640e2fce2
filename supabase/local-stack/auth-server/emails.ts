import type { RequestContext } from "./context";
import { emailSendTooFrequent } from "./errors";
import { createFlowState, type Pkce } from "./flow";
import { sendAuthMail, verifyLink, type MailKind, type VerifyType } from "./mail";
import { issueToken, SENT_AT_COLUMN, type OtpKind } from "./otp";
import type { AuthMethod } from "./tokens";
import type { Db, UserRow, UserUpdate } from "./users";

/**
 * The mails GoTrue sends (internal/api/mail.go): each issues a token, records a PKCE flow when the
 * client started one, and mails a /verify link plus the OTP.
 */

export type SendOptions = { redirectTo: string; pkce?: Pkce | null };

type LinkMail = {
  kind: OtpKind;
  mail: MailKind;
  verifyType: VerifyType;
  flowMethod: AuthMethod;
  to: string;
  limitFrequency: boolean;
  extra?: UserUpdate;
  note?: string;
  /** The PKCE flow was already recorded by another mail of the same request. */
  sharesFlow?: boolean;
};

/** GoTrue's SMTP max_frequency: one mail of a kind per user per interval. */
function assertNotTooFrequent(ctx: RequestContext, user: UserRow, kind: OtpKind): void {
  const sentAt = user[SENT_AT_COLUMN[kind]];
  const waitMs = ctx.deps.settings.emailMaxFrequency * 1000;
  if (sentAt && Date.now() - sentAt.getTime() < waitMs) {
    throw emailSendTooFrequent((sentAt.getTime() + waitMs - Date.now()) / 1000);
  }
}

async function sendLinkMail(
  ctx: RequestContext,
  db: Db,
  user: UserRow,
  spec: LinkMail,
  opts: SendOptions,
): Promise<UserRow> {
  const { settings, externalUrl } = ctx.deps;
  if (spec.limitFrequency) assertNotTooFrequent(ctx, user, spec.kind);
  if (opts.pkce && !spec.sharesFlow) await createFlowState(db, user.id, opts.pkce, spec.flowMethod);
  const issued = await issueToken(db, user, spec.kind, {
    email: spec.to,
    otpLength: settings.otpLength,
    pkce: Boolean(opts.pkce),
    extra: spec.extra,
  });
  await sendAuthMail(ctx.deps, db, {
    to: spec.to,
    kind: spec.mail,
    link: verifyLink(externalUrl, issued.token.hashedToken, spec.verifyType, opts.redirectTo),
    otp: issued.token.otp,
    note: spec.note,
  });
  return issued.user;
}

type UserMail = Omit<LinkMail, "to" | "extra" | "note">;

const USER_MAILS = {
  confirmation: {
    kind: "confirmation",
    mail: "confirmation",
    verifyType: "signup",
    flowMethod: "email/signup",
    limitFrequency: true,
  },
  // Invites are sent by admins, who may re-send at will.
  invite: {
    kind: "confirmation",
    mail: "invite",
    verifyType: "invite",
    flowMethod: "invite",
    limitFrequency: false,
  },
  recovery: {
    kind: "recovery",
    mail: "recovery",
    verifyType: "recovery",
    flowMethod: "recovery",
    limitFrequency: true,
  },
  magicLink: {
    kind: "recovery",
    mail: "magic_link",
    verifyType: "magiclink",
    flowMethod: "magiclink",
    limitFrequency: true,
  },
} as const satisfies Record<string, UserMail>;

/** A mail of one of the kinds above to the user's own address. */
function mailUser(mail: UserMail, extra?: () => UserUpdate) {
  return (ctx: RequestContext, db: Db, user: UserRow, opts: SendOptions) =>
    sendLinkMail(ctx, db, user, { ...mail, to: user.email!, extra: extra?.() }, opts);
}

export const sendConfirmation = mailUser(USER_MAILS.confirmation);
export const sendInvite = mailUser(USER_MAILS.invite, () => ({ invited_at: new Date() }));
export const sendRecovery = mailUser(USER_MAILS.recovery);
export const sendMagicLink = mailUser(USER_MAILS.magicLink);

/**
 * An email change: a link to the new address and, with double_confirm_changes (GoTrue's
 * MAILER_SECURE_EMAIL_CHANGE_ENABLED), one to the current address too; the change happens once
 * both are followed, so a stolen session cannot move the account to an address of the thief's.
 * Both tokens carry the flow type: with PKCE both links are `pkce_` links (mail.go
 * sendEmailChange prefixes both), and the one flow recorded for the request ends in the auth
 * code the second link hands out.
 */
export async function sendEmailChange(
  ctx: RequestContext,
  db: Db,
  user: UserRow,
  newEmail: string,
  opts: SendOptions,
): Promise<UserRow> {
  assertNotTooFrequent(ctx, user, "email_change_new");
  const both = ctx.deps.settings.doubleConfirmChanges && Boolean(user.email);
  const common = { mail: "email_change", verifyType: "email_change", flowMethod: "email_change" } as const;
  let updated = await sendLinkMail(
    ctx,
    db,
    user,
    {
      ...common,
      kind: "email_change_new",
      to: newEmail,
      limitFrequency: false,
      extra: { email_change: newEmail, email_change_confirm_status: 0, email_change_token_current: "" },
      note: `This confirms changing your address from ${user.email ?? "(none)"} to ${newEmail}.`,
    },
    opts,
  );
  if (both) {
    updated = await sendLinkMail(
      ctx,
      db,
      updated,
      {
        ...common,
        kind: "email_change_current",
        to: user.email!,
        limitFrequency: false,
        note: `This confirms changing your address from ${user.email} to ${newEmail}.`,
        sharesFlow: true,
      },
      opts,
    );
  }
  return updated;
}
