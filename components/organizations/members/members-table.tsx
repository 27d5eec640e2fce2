import { SearchX } from "lucide-react";
import Link from "next/link";
import { MemberActions } from "@/components/organizations/members/member-actions";
import { UserAvatar } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ShortDate } from "@/components/ui/relative-time";
import {
  Table,
  TableActionsHead,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import type { Member } from "@/lib/organizations/members";
import type { Viewer } from "@/lib/organizations/member-actions";
import { roleLabels } from "@/lib/organizations/schema";

const statusBadges = {
  active: { label: "Active", variant: "success" },
  invited: { label: "Invited", variant: "secondary" },
  suspended: { label: "Suspended", variant: "warning" },
} as const;

/** The organization's members: who, role, status, since when, and what the viewer may do to each. */
export function MembersTable({
  slug,
  members,
  viewer,
  query,
}: {
  slug: string;
  members: Member[];
  viewer: Viewer;
  query?: string;
}) {
  if (members.length === 0) {
    return (
      <EmptyState
        icon={SearchX}
        title={query ? `No members match “${query}”` : "No members on this page"}
        description="Try another name or email address."
        action={
          <Button asChild variant="outline">
            <Link href={`/o/${slug}/members`}>Show everyone</Link>
          </Button>
        }
      />
    );
  }
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Member</TableHead>
          <TableHead>Role</TableHead>
          <TableHead className="hidden sm:table-cell">Status</TableHead>
          <TableHead className="hidden md:table-cell">Joined</TableHead>
          <TableActionsHead className="w-12" />
        </TableRow>
      </TableHeader>
      <TableBody>
        {members.map((member) => {
          const name = member.display_name || member.email || "Unnamed member";
          const status = statusBadges[member.status];
          const self = member.user_id === viewer.userId;
          return (
            <TableRow key={member.id}>
              {/* Takes the width left over and truncates long names and emails on phones. */}
              <TableCell className="w-full max-w-0">
                <div className="flex min-w-0 items-center gap-3">
                  <UserAvatar name={name} src={member.avatar_url} />
                  <div className="flex min-w-0 flex-col">
                    <span className="flex items-center gap-2 truncate font-medium">
                      <Link
                        href={`/o/${slug}/members/${member.id}`}
                        className="truncate underline-offset-4 hover:underline"
                        aria-label={`${name}: permissions`}
                      >
                        {name}
                      </Link>
                      {self ? <Badge variant="outline">You</Badge> : null}
                    </span>
                    <span className="truncate text-xs text-muted-foreground">{member.email}</span>
                    {member.status !== "active" ? (
                      <Badge variant={status.variant} className="mt-1 sm:hidden">
                        {status.label}
                      </Badge>
                    ) : null}
                  </div>
                </div>
              </TableCell>
              <TableCell>
                <RoleBadges role={member.role} customRole={member.custom_role} />
              </TableCell>
              <TableCell className="hidden sm:table-cell">
                <Badge variant={status.variant}>{status.label}</Badge>
              </TableCell>
              <TableCell className="hidden text-muted-foreground md:table-cell">
                <ShortDate date={member.joined_at} />
              </TableCell>
              <TableCell className="text-right">
                <MemberActions
                  slug={slug}
                  viewer={viewer}
                  member={{
                    id: member.id,
                    userId: member.user_id,
                    name,
                    role: member.role,
                    status: member.status,
                  }}
                />
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

function RoleBadges({ role, customRole }: { role: Member["role"]; customRole: string | null }) {
  return (
    <div className="flex flex-col items-start gap-1">
      <Badge variant={role === "owner" ? "default" : "secondary"}>{roleLabels[role]}</Badge>
      {customRole && role !== "owner" ? (
        <Badge variant="outline" title="Custom role: its permissions apply">
          {customRole}
        </Badge>
      ) : null}
    </div>
  );
}
