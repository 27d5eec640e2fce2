import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { stackConfig } from "@/lib/config/stack";
import { withAnon, withUser, type Tx, type UserClaims } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { sendMail } from "@/lib/mail/send";
import { roleLabels, type Organization, type Role } from "./schema";

/**
 * Invitations carry a random token in their link; only its SHA-256 hash is stored, so a leaked
 * database cannot be used to join anyone's organization.
 */
function newToken() {
  const token = randomBytes(24).toString("base64url");
  return { token, hash: createHash("sha256").update(token).digest("hex") };
}

export function invitationUrl(token: string): string {
  return `${stackConfig().siteUrl}/invitations/${token}`;
}

export const invitationRowSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  role: z.enum(["administrator", "sales", "bot_trainer", "viewer"]),
  status: z.enum(["pending", "expired"]),
  invited_by_name: z.string().nullable(),
  expires_at: z.date(),
  last_sent_at: z.date(),
  created_at: z.date(),
});
export type Invitation = z.infer<typeof invitationRowSchema>;

/** Open invitations (pending or expired; accepted, declined and revoked ones are history). */
export async function listInvitations(tx: Tx, organizationId: string): Promise<Invitation[]> {
  const rows = await tx`
      select i.id, i.email::text as email, i.role,
             case when i.expires_at <= now() then 'expired' else 'pending' end as status,
             coalesce(d.display_name, d.email) as invited_by_name, i.expires_at, i.last_sent_at, i.created_at
      from invitations i
      left join private.member_directory(${organizationId}) d on d.id = i.invited_by
      where i.organization_id = ${organizationId}
        and i.accepted_at is null and i.revoked_at is null and i.declined_at is null
      order by i.created_at desc`;
  return z.array(invitationRowSchema).parse(rows);
}

async function sendInvitationMail(
  inviterEmail: string | undefined,
  organization: Pick<Organization, "name">,
  email: string,
  role: Role,
  token: string,
) {
  const url = invitationUrl(token);
  const inviter = inviterEmail ?? "A teammate";
  await sendMail({
    to: email,
    kind: "invitation",
    subject: `${inviter} invited you to ${organization.name} on Orgflow`,
    text:
      `${inviter} invited you to join ${organization.name} on Orgflow as ${roleLabels[role]}.\n\n` +
      `Accept the invitation: ${url}\n\nThe link works for 7 days. If you did not expect it, ignore this email.`,
    links: [{ label: "Accept invitation", url }],
  });
}

export async function createInvitation(
  claims: UserClaims,
  organization: Pick<Organization, "id" | "name">,
  input: { email: string; role: Role },
): Promise<{ id: string }> {
  if (input.role === "owner")
    throw new AppError("validation_failed", "Invite as administrator, then transfer ownership.");
  const { token, hash } = newToken();
  const [row] = await withUser(claims, async (tx) => {
    const [open] =
      await tx`select 1 from invitations where organization_id = ${organization.id} and email = ${input.email}
                            and accepted_at is null and revoked_at is null and declined_at is null`;
    if (open)
      throw new AppError("conflict", `${input.email} already has an open invitation. Resend it instead.`);
    return tx`insert into invitations (organization_id, email, role, token_hash, invited_by)
              values (${organization.id}, ${input.email}, ${input.role}, ${hash}, ${claims.sub}) returning id`;
  });
  await sendInvitationMail(claims.email, organization, input.email, input.role, token);
  return { id: z.uuid().parse(row?.id) };
}

const resentRowSchema = z.object({
  email: z.string(),
  role: z.enum(["administrator", "sales", "bot_trainer", "viewer"]),
});

/**
 * A new link (the old one stops working) and seven more days. Answers the mail to send once the
 * caller's transaction has committed (the new link works only then).
 */
export async function resendInvitation(
  tx: Tx,
  organization: Pick<Organization, "id" | "name">,
  params: { invitationId: string; inviterEmail: string | undefined },
): Promise<() => Promise<void>> {
  const { token, hash } = newToken();
  const [row] =
    await tx`update invitations set token_hash = ${hash}, expires_at = now() + interval '7 days', last_sent_at = now()
               where id = ${params.invitationId} and organization_id = ${organization.id}
                 and accepted_at is null and revoked_at is null and declined_at is null
               returning email::text as email, role`;
  if (!row) throw new AppError("not_found", "That invitation is no longer open.");
  const { email, role } = resentRowSchema.parse(row);
  return () => sendInvitationMail(params.inviterEmail, organization, email, role, token);
}

export async function revokeInvitation(
  claims: UserClaims,
  organizationId: string,
  invitationId: string,
): Promise<void> {
  const rows = await withUser(
    claims,
    (tx) => tx`update invitations set revoked_at = now()
               where id = ${invitationId} and organization_id = ${organizationId}
                 and accepted_at is null and revoked_at is null returning id`,
  );
  if (rows.length === 0) throw new AppError("not_found", "That invitation is no longer open.");
}

export const publicInvitationSchema = z.object({
  organization_name: z.string(),
  organization_slug: z.string(),
  email: z.string(),
  role: z.enum(["administrator", "sales", "bot_trainer", "viewer"]),
  invited_by_name: z.string().nullable(),
  status: z.enum(["pending", "accepted", "revoked", "declined", "expired"]),
  expires_at: z.date(),
});
export type PublicInvitation = z.infer<typeof publicInvitationSchema>;

/** What an invitation link shows, signed in or not. */
export async function lookupInvitation(
  claims: UserClaims | null,
  token: string,
): Promise<PublicInvitation | null> {
  const run = (tx: Tx) => tx`select * from get_invitation(${token})`;
  const rows = claims ? await withUser(claims, run) : await withAnon(run);
  return rows[0] ? publicInvitationSchema.parse(rows[0]) : null;
}

/** The signed-in user (auth.uid()) joins through the invitation `token`. */
export async function acceptInvitation(tx: Tx, token: string): Promise<{ slug: string }> {
  const [org] = await tx`select slug from accept_invitation(${token})`;
  return z.object({ slug: z.string() }).parse(org);
}

export async function declineInvitation(tx: Tx, token: string): Promise<void> {
  await tx`select decline_invitation(${token})`;
}
