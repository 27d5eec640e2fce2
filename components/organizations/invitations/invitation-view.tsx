import Link from "next/link";
import { Ban, CalendarX, CircleCheck, LinkIcon, MailX } from "lucide-react";
import {
  InvitationResponse,
  SwitchAccountButton,
} from "@/components/organizations/invitations/invitation-response";
import { OrgAvatar } from "@/components/organizations/org-avatar";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ShortDate } from "@/components/ui/relative-time";
import type { PublicInvitation } from "@/lib/organizations/invitations";
import { invitationAuthPath } from "@/lib/organizations/invitation-links";
import { roleDescriptions, roleLabels } from "@/lib/organizations/schema";

/** Who invited whom, to what, as which role. */
export function InvitationSummary({ invitation }: { invitation: PublicInvitation }) {
  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-center gap-3 rounded-lg border bg-muted/40 p-3">
        <OrgAvatar name={invitation.organization_name} className="size-10 text-sm" />
        <div className="flex min-w-0 flex-col">
          <span className="truncate font-semibold">{invitation.organization_name}</span>
          <span className="text-xs text-muted-foreground">
            {invitation.invited_by_name ? `Invited by ${invitation.invited_by_name}` : "You were invited"}
          </span>
        </div>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        <dt className="text-muted-foreground">For</dt>
        <dd className="min-w-0 truncate font-medium">{invitation.email}</dd>
        <dt className="text-muted-foreground">Role</dt>
        <dd className="flex flex-col gap-1">
          <Badge variant="secondary">{roleLabels[invitation.role]}</Badge>
          <span className="text-xs text-muted-foreground">{roleDescriptions[invitation.role]}</span>
        </dd>
        <dt className="text-muted-foreground">Expires</dt>
        <dd>
          <ShortDate date={invitation.expires_at} />
        </dd>
      </dl>
    </div>
  );
}

/** A pending invitation, as the visitor can act on it (signed out, the right account, another one). */
export function PendingInvitation({
  token,
  invitation,
  signedInEmail,
}: {
  token: string;
  invitation: PublicInvitation;
  signedInEmail: string | null;
}) {
  const matches = signedInEmail !== null && signedInEmail.toLowerCase() === invitation.email.toLowerCase();
  return (
    <div className="flex flex-col gap-6">
      <InvitationSummary invitation={invitation} />
      {signedInEmail === null ? (
        <div className="flex flex-col gap-2">
          <p className="text-sm text-muted-foreground">
            Create an account with <span className="font-medium text-foreground">{invitation.email}</span>, or
            sign in if you already have one, to accept.
          </p>
          <Button asChild className="w-full">
            <Link href={invitationAuthPath("/sign-up", token, invitation.email)}>Create account</Link>
          </Button>
          <Button asChild variant="outline" className="w-full">
            <Link href={invitationAuthPath("/sign-in", token, invitation.email)}>Sign in</Link>
          </Button>
        </div>
      ) : matches ? (
        <InvitationResponse token={token} organizationName={invitation.organization_name} />
      ) : (
        <div className="flex flex-col gap-4">
          <Alert variant="warning" title="This invitation is for someone else">
            You&apos;re signed in as <strong className="font-medium">{signedInEmail}</strong>, but the
            invitation was sent to <strong className="font-medium">{invitation.email}</strong>. Sign in with
            that address to accept it.
          </Alert>
          <SwitchAccountButton token={token} />
          <Button asChild variant="ghost" className="w-full">
            <Link href="/dashboard">Go to your dashboard</Link>
          </Button>
        </div>
      )}
    </div>
  );
}

const closedStates = {
  accepted: {
    icon: CircleCheck,
    title: "This invitation has been used",
    body: "It was accepted already. If that was you, the organization is in your organization menu.",
  },
  expired: {
    icon: CalendarX,
    title: "This invitation has expired",
    body: "Invitations work for 7 days. Ask the person who invited you to send a new one.",
  },
  revoked: {
    icon: Ban,
    title: "This invitation was withdrawn",
    body: "The organization cancelled it. If you still need access, ask them for a new invitation.",
  },
  declined: {
    icon: MailX,
    title: "This invitation was declined",
    body: "If you changed your mind, ask the person who invited you for a new invitation.",
  },
  unknown: {
    icon: LinkIcon,
    title: "This invitation link isn't valid",
    body: "It may have been copied incompletely, or replaced by a newer invitation. Check the link in the email, or ask for a new one.",
  },
} as const;

export type ClosedInvitationState = keyof typeof closedStates;

/** Any invitation that can no longer be accepted, explained. */
export function ClosedInvitation({ state, signedIn }: { state: ClosedInvitationState; signedIn: boolean }) {
  const { icon: Icon, title, body } = closedStates[state];
  return (
    <div className="flex flex-col items-center gap-4 text-center">
      <span className="flex size-12 items-center justify-center rounded-full bg-muted">
        <Icon className="size-6 text-muted-foreground" aria-hidden="true" />
      </span>
      <div className="flex flex-col gap-1.5">
        <h2 className="text-base font-semibold">{title}</h2>
        <p className="text-sm text-pretty text-muted-foreground">{body}</p>
      </div>
      <Button asChild variant="outline" className="w-full">
        <Link href={signedIn ? "/dashboard" : "/sign-in"}>
          {signedIn ? "Go to your dashboard" : "Sign in"}
        </Link>
      </Button>
    </div>
  );
}
