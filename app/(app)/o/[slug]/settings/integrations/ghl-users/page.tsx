import type { Metadata } from "next";
import Link from "next/link";
import { ArrowLeft, UserRoundCheck } from "lucide-react";
import { MapGhlUserForm } from "@/components/integrations/ghl-user-mapping";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatMinor } from "@/lib/commissions/money";
import { mappableTeamMembers, unmappedGhlUsers } from "@/lib/integrations/ghl-users";
import { can } from "@/lib/organizations/can";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";

export const metadata: Metadata = { title: "Map GoHighLevel users" };

export default async function GhlUsersPage(props: OrganizationPageProps) {
  const { slug, org, read } = await openOrganizationPage(props, {
    path: "/settings/integrations/ghl-users",
    permission: ["integrations", "read"],
  });
  const organizationId = org.organization.id;
  const canRead = can(org, "sales", "read");
  const canMap = can(org, "team_members", "update") && can(org, "sales", "update");
  const [unmapped, members] = await read((tx) =>
    Promise.all([
      canRead ? unmappedGhlUsers(tx, organizationId) : [],
      canMap ? mappableTeamMembers(tx, organizationId) : [],
    ]),
  );
  const options = members.map((m) => ({
    id: m.id,
    label: m.email ? `${m.full_name} (${m.email})` : m.full_name,
    mappedTo: m.external_id,
  }));

  return (
    <div className="flex flex-col gap-8">
      <div className="flex flex-col gap-3">
        <Link
          href={`/o/${slug}/settings/integrations`}
          className="inline-flex w-fit items-center gap-1 rounded-sm text-sm text-muted-foreground outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
        >
          <ArrowLeft className="size-4" aria-hidden="true" /> Integrations
        </Link>
        <PageHeader
          title="Map GoHighLevel users"
          description="Sales came in for these GoHighLevel user ids, but no team member carries them. Say who each one is: their sales are assigned and their commissions computed, and later sales find them directly."
        />
      </div>
      {!canRead ? (
        <EmptyState
          title="You can't see sales"
          description="Ask an administrator for permission to read sales."
        />
      ) : unmapped.length === 0 ? (
        <EmptyState
          icon={UserRoundCheck}
          title="Everyone is mapped"
          description="Every GoHighLevel user seen on a sale is a team member. New ones show up here when their first sale arrives."
        />
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>GHL user id</TableHead>
              <TableHead>Sales waiting</TableHead>
              <TableHead className="w-[min(28rem,50%)]">{canMap ? "Team member" : ""}</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {unmapped.map((u) => (
              <TableRow key={`${u.ghlUserId}-${u.currency}`} className="align-top">
                <TableCell>
                  <code className="text-xs break-all">{u.ghlUserId}</code>
                </TableCell>
                <TableCell className="text-sm">
                  {u.transactions === 1 ? "1 sale" : `${u.transactions} sales`}
                  <span className="block text-muted-foreground tabular-nums">
                    {formatMinor(u.totalMinor, u.currency)}
                  </span>
                </TableCell>
                <TableCell>
                  {canMap ? (
                    options.length > 0 ? (
                      <MapGhlUserForm slug={slug} ghlUserId={u.ghlUserId} teamMembers={options} />
                    ) : (
                      <Link
                        href={`/o/${slug}/team`}
                        className="text-sm text-primary underline-offset-4 hover:underline"
                      >
                        Add a team member first
                      </Link>
                    )
                  ) : (
                    <span className="text-sm text-muted-foreground">Ask an administrator to map</span>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
