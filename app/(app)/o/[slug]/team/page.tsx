import type { Metadata } from "next";
import { AddTeamMemberButton } from "@/components/organizations/team/team-member-actions";
import { CsvImport } from "@/components/organizations/team/csv-import";
import { TeamTable } from "@/components/organizations/team/team-table";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { SearchForm } from "@/components/ui/search-form";
import { can } from "@/lib/organizations/can";
import { listMembers } from "@/lib/organizations/members";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";
import { listTeamMembers } from "@/lib/organizations/team-members";
import { listParams } from "@/lib/utils/search-params";

export const metadata: Metadata = { title: "Team" };

const PAGE_SIZE = 25;

export default async function TeamPage(props: OrganizationPageProps) {
  const { slug, search, org, read } = await openOrganizationPage(props, {
    path: "/team",
    permission: ["team_members", "read"],
  });
  const organizationId = org.organization.id;
  const { query, page, limit, offset } = listParams(search, PAGE_SIZE);
  const canCreate = can(org, "team_members", "create");
  const canUpdate = can(org, "team_members", "update");
  const mayLink = (canCreate || canUpdate) && can(org, "members", "read");

  const [{ teamMembers, total }, members] = await read((tx) =>
    Promise.all([
      listTeamMembers(tx, organizationId, { query, limit, offset }),
      mayLink ? listMembers(tx, organizationId, { limit: 200 }) : null,
    ]),
  );
  const logins = members
    ? members.members.map((m) => ({
        userId: m.user_id,
        label:
          m.display_name && m.email
            ? `${m.display_name} (${m.email})`
            : (m.display_name ?? m.email ?? "Member"),
      }))
    : null;
  const path = `/o/${slug}/team`;

  return (
    <div className="flex flex-col gap-8">
      <PageHeader
        title="Team"
        description="The people who sell and support for you, with their GoHighLevel IDs and commission settings. They don't need an Orgflow login."
        actions={canCreate ? <AddTeamMemberButton slug={slug} logins={logins} /> : null}
      />
      <section aria-label="Team members" className="flex flex-col gap-4">
        <SearchForm
          action={path}
          query={query}
          label="Search the team"
          placeholder="Search by name, email or ID"
        />
        <TeamTable
          slug={slug}
          teamMembers={teamMembers}
          logins={logins}
          query={query}
          permissions={{ update: canUpdate, delete: can(org, "team_members", "delete") }}
        />
        <Pagination
          path={path}
          params={{ q: query }}
          page={page}
          pageSize={PAGE_SIZE}
          total={total}
          noun="team members"
        />
      </section>
      {canCreate ? <CsvImport slug={slug} /> : null}
    </div>
  );
}
