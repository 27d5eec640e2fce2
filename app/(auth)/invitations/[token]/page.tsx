import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import {
  ClosedInvitation,
  PendingInvitation,
  type ClosedInvitationState,
} from "@/components/organizations/invitations/invitation-view";
import { getClaims } from "@/lib/auth/session";
import { lookupInvitation } from "@/lib/organizations/invitations";

export const metadata: Metadata = { title: "Invitation", robots: { index: false } };

/**
 * An invitation link (public: the invitee may not have an account yet). Shows the organization,
 * role and inviter, and what the visitor can do: sign in or sign up as the invited address, accept
 * or decline, or read why the link no longer works.
 */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const claims = await getClaims();
  const invitation = /^[A-Za-z0-9_-]{16,200}$/.test(token) ? await lookupInvitation(claims, token) : null;

  const closed = (state: ClosedInvitationState) => (
    <AuthCard title="Invitation">
      <ClosedInvitation state={state} signedIn={claims !== null} />
    </AuthCard>
  );
  if (!invitation) return closed("unknown");
  if (invitation.status !== "pending") return closed(invitation.status);
  return (
    <AuthCard
      title={`Join ${invitation.organization_name}`}
      description={`${invitation.invited_by_name ?? "A teammate"} invited you to work together on Orgflow.`}
    >
      <PendingInvitation token={token} invitation={invitation} signedInEmail={claims?.email ?? null} />
    </AuthCard>
  );
}
