import type { Metadata } from "next";
import Link from "next/link";
import { ShieldCheck } from "lucide-react";
import { InvitationsList } from "@/components/organizations/members/invitations-list";
import { InviteForm } from "@/components/organizations/members/invite-form";
import { LeaveOrganizationCard } from "@/components/organizations/members/leave-organization";
import { MembersTable } from "@/components/organizations/members/members-table";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { SearchForm } from "@/components/ui/search-form";
import { can } from "@/lib/organizations/can";
import { listInvitations } from "@/lib/organizations/invitations";
import { getSeatUsage, listMembers } from "@/lib/organizations/members";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";
import { listParams } from "@/lib/utils/search-params";

export const metadata: Metadata = { title: "Members" };

const PAGE_SIZE = 20;

export default async function MembersPage(props: OrganizationPageProps) {
  const { slug, search, claims, org, read } = await openOrganizationPage(props, {
    path: "/members",
    permission: ["members", "read"],
  });
  const organizationId = org.organization.id;
  const { query, page, limit, offset } = listParams(search, PAGE_SIZE);
  const canInvite = can(org, "members", "create");

  const [{ members, total }, invitations, seats] = await read((tx) =>
    Promise.all([
      listMembers(tx, organizationId, { query, limit, offset }),
      listInvitations(tx, organizationId),
      canInvite ? getSeatUsage(tx, organizationId) : null,
    ]),
  );
  const path = `/o/${slug}/members`;

  return (
    <div className="flex flex-col gap-8">
      <PageHeader
        title="Members"
        description={`People who can sign in to ${org.organization.name}, and what their role lets them do.`}
        actions={
          can(org, "organizations", "read") ? (
            <Button asChild variant="outline" size="sm">
              <Link href={`/o/${slug}/settings/permissions`}>
                <ShieldCheck aria-hidden="true" />
                Roles and permissions
              </Link>
            </Button>
          ) : null
        }
      />

      {canInvite ? <InviteForm slug={slug} seats={seats} /> : null}

      <section aria-labelledby="members-heading" className="flex flex-col gap-4">
        <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
          <h2 id="members-heading" className="text-base font-semibold">
            {query ? `Members matching “${query}”` : "All members"}
          </h2>
          <SearchForm
            action={path}
            query={query}
            label="Search members"
            placeholder="Search by name or email"
          />
        </div>
        <MembersTable
          slug={slug}
          members={members}
          query={query}
          viewer={{
            userId: claims.sub,
            role: org.role,
            canUpdate: can(org, "members", "update"),
            canDelete: can(org, "members", "delete"),
          }}
        />
        <Pagination
          path={path}
          params={{ q: query }}
          page={page}
          pageSize={PAGE_SIZE}
          total={total}
          noun="members"
        />
      </section>

      <InvitationsList slug={slug} invitations={invitations} canManage={can(org, "members", "update")} />

      <LeaveOrganizationCard
        slug={slug}
        organizationName={org.organization.name}
        isOwner={org.role === "owner"}
      />
    </div>
  );
}
