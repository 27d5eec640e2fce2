import type { Metadata } from "next";
import Link from "next/link";
import { History } from "lucide-react";
import { AuditEntryItem } from "@/components/organizations/audit-entry";
import { AuditFilters } from "@/components/organizations/audit/audit-filters";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { KeysetPager } from "@/components/ui/keyset-pager";
import { PageHeader } from "@/components/ui/page-header";
import { auditFilterSchema, listAuditLog } from "@/lib/organizations/audit-log";
import { can } from "@/lib/organizations/can";
import { listMembers } from "@/lib/organizations/members";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";
import { firstParam } from "@/lib/utils/search-params";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditLogPage(props: OrganizationPageProps) {
  const { slug, search, org, read } = await openOrganizationPage(props, {
    path: "/audit-log",
    permission: ["audit_logs", "read"],
  });
  const filter = auditFilterSchema.parse(
    Object.fromEntries(
      ["actor", "resource", "action", "from", "to", "before"].map((k) => [
        k,
        firstParam(search[k]) || undefined,
      ]),
    ),
  );
  const [{ entries, nextBefore }, members] = await read((tx) =>
    Promise.all([
      listAuditLog(tx, org.organization.id, filter),
      can(org, "members", "read") ? listMembers(tx, org.organization.id, { limit: 200 }) : null,
    ]),
  );
  const actors = (members?.members ?? []).map((m) => ({
    id: m.user_id,
    name: m.display_name || m.email || "Unnamed member",
  }));
  const path = `/o/${slug}/audit-log`;
  const { before: _before, ...filters } = filter;
  const filtered = Object.values(filters).some(Boolean);

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Audit log"
        description="Every change to this organization's members, team, permissions, keys and settings: who, what and when. It can't be edited."
      />
      <AuditFilters path={path} filter={filter} actors={actors} />
      {entries.length === 0 ? (
        <EmptyState
          icon={History}
          title={
            filtered
              ? "No changes match these filters"
              : filter.before
                ? "No older changes"
                : "No changes yet"
          }
          description={
            filtered
              ? "Widen the dates or clear a filter."
              : "Changes show up here as soon as anyone makes them."
          }
          action={
            filtered || filter.before ? (
              <Button asChild variant="outline">
                <Link href={path}>Show the latest changes</Link>
              </Button>
            ) : null
          }
        />
      ) : (
        <section
          aria-label="Changes, newest first"
          className="rounded-xl border bg-card px-4 shadow-xs sm:px-5"
        >
          <ol className="divide-y">
            {entries.map((entry) => (
              <li key={entry.id}>
                <AuditEntryItem entry={entry} />
              </li>
            ))}
          </ol>
        </section>
      )}
      <KeysetPager
        label="Pages of the log"
        path={path}
        filters={filters}
        before={filter.before}
        nextBefore={nextBefore}
      />
    </div>
  );
}
