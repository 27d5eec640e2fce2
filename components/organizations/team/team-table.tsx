import Link from "next/link";
import { Contact, SearchX } from "lucide-react";
import { TeamMemberActions } from "@/components/organizations/team/team-member-actions";
import type { LoginOption } from "@/components/organizations/team/team-member-fields";
import { UserAvatar } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import {
  Table,
  TableActionsHead,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import type { TeamMember } from "@/lib/organizations/team-members";

const memberTypeLabels = { sales: "Sales", support: "Support", operations: "Operations" } as const;

/** "12.5%" or "50 flat", without trailing zeros; a dash when no rate is set. */
export function formatCommission(type: "percentage" | "flat", rate: string | null): string {
  if (rate === null || rate === "") return "—";
  const value = Number(rate);
  const text = Number.isFinite(value) ? String(value) : rate;
  return type === "percentage" ? `${text}%` : `${text} flat`;
}

export function TeamTable({
  slug,
  teamMembers,
  logins,
  query,
  permissions,
}: {
  slug: string;
  teamMembers: TeamMember[];
  logins: LoginOption[] | null;
  query?: string;
  permissions: { update: boolean; delete: boolean };
}) {
  if (teamMembers.length === 0) {
    return query ? (
      <EmptyState
        icon={SearchX}
        title={`No team members match “${query}”`}
        description="Search looks at names, emails and GoHighLevel user IDs."
        action={
          <Button asChild variant="outline">
            <Link href={`/o/${slug}/team`}>Show everyone</Link>
          </Button>
        }
      />
    ) : (
      <EmptyState
        icon={Contact}
        title="No team members yet"
        description="Add the people who sell and support for you, one by one or from a CSV file, to track their sales and commissions."
      />
    );
  }
  const withActions = permissions.update || permissions.delete;
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead className="hidden lg:table-cell">GoHighLevel ID</TableHead>
          <TableHead className="hidden sm:table-cell">Type</TableHead>
          <TableHead>Commission</TableHead>
          <TableHead className="hidden md:table-cell">Login</TableHead>
          {withActions ? <TableActionsHead className="w-20" /> : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {teamMembers.map((member) => (
          <TableRow key={member.id}>
            <TableCell className="w-full max-w-0 min-w-32">
              <div className="flex min-w-0 items-center gap-3">
                <UserAvatar name={member.full_name} className="hidden sm:flex" />
                <div className="flex min-w-0 flex-col">
                  <span className="truncate font-medium">{member.full_name}</span>
                  {member.email ? (
                    <span className="truncate text-xs text-muted-foreground">{member.email}</span>
                  ) : null}
                </div>
              </div>
            </TableCell>
            <TableCell className="hidden font-mono text-xs text-muted-foreground lg:table-cell">
              {member.external_id ?? "—"}
            </TableCell>
            <TableCell className="hidden sm:table-cell">
              <Badge variant="secondary">{memberTypeLabels[member.member_type]}</Badge>
            </TableCell>
            <TableCell className="tabular-nums">
              {formatCommission(member.commission_type, member.commission_rate)}
            </TableCell>
            <TableCell className="hidden text-muted-foreground md:table-cell">
              {member.user_id ? (member.linked_user_name ?? "Linked") : "—"}
            </TableCell>
            {withActions ? (
              <TableCell>
                <TeamMemberActions
                  slug={slug}
                  id={member.id}
                  logins={logins}
                  canUpdate={permissions.update}
                  canDelete={permissions.delete}
                  values={{
                    full_name: member.full_name,
                    email: member.email ?? "",
                    external_id: member.external_id ?? "",
                    member_type: member.member_type,
                    commission_type: member.commission_type,
                    commission_rate:
                      member.commission_rate === null ? "" : String(Number(member.commission_rate)),
                    user_id: member.user_id ?? "",
                  }}
                />
              </TableCell>
            ) : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
