import { Mail } from "lucide-react";
import { InvitationActions } from "@/components/organizations/members/invitation-actions";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import {
  Table,
  TableActionsHead,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import type { Invitation } from "@/lib/organizations/invitations";
import { roleLabels } from "@/lib/organizations/schema";
import { cn } from "@/lib/utils/cn";

/** Invitations nobody has answered yet, with resend and revoke for those who may manage members. */
export function InvitationsList({
  slug,
  invitations,
  canManage,
}: {
  slug: string;
  invitations: Invitation[];
  canManage: boolean;
}) {
  return (
    <section aria-labelledby="invitations-heading" className="flex flex-col gap-3">
      <div className="flex items-baseline justify-between gap-2">
        <h2 id="invitations-heading" className="text-base font-semibold">
          Open invitations
        </h2>
        <span className="text-sm text-muted-foreground">{invitations.length}</span>
      </div>
      {invitations.length === 0 ? (
        <p className="flex items-center gap-2 rounded-xl border border-dashed px-4 py-5 text-sm text-muted-foreground">
          <Mail className="size-4 shrink-0" aria-hidden="true" />
          No open invitations. People you invite show up here until they answer.
        </p>
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Email</TableHead>
              <TableHead className="hidden sm:table-cell">Role</TableHead>
              <TableHead className="hidden md:table-cell">Invited by</TableHead>
              <TableHead className="hidden sm:table-cell">Expires</TableHead>
              {canManage ? <TableActionsHead className="text-right" /> : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {invitations.map((invitation) => (
              <TableRow key={invitation.id}>
                <TableCell className="w-full max-w-0 min-w-32">
                  <span className="block truncate font-medium">{invitation.email}</span>
                  <span className={cn("mt-1 flex gap-1.5", invitation.status !== "expired" && "sm:hidden")}>
                    <Badge variant="secondary" className="sm:hidden">
                      {roleLabels[invitation.role]}
                    </Badge>
                    {invitation.status === "expired" ? <Badge variant="destructive">Expired</Badge> : null}
                  </span>
                </TableCell>
                <TableCell className="hidden sm:table-cell">
                  <Badge variant="secondary">{roleLabels[invitation.role]}</Badge>
                </TableCell>
                <TableCell className="hidden whitespace-nowrap text-muted-foreground md:table-cell">
                  {invitation.invited_by_name ?? "A former member"}
                </TableCell>
                <TableCell className="hidden text-muted-foreground sm:table-cell">
                  <RelativeTime date={invitation.expires_at} />
                </TableCell>
                {canManage ? (
                  <TableCell className="text-right">
                    <InvitationActions slug={slug} invitationId={invitation.id} email={invitation.email} />
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
