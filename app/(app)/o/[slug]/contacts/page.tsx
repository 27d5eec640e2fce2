import type { Metadata } from "next";
import Link from "next/link";
import { BookUser, Download, FileUp } from "lucide-react";
import { AddContactButton } from "@/components/contacts/contact-actions";
import { ContactsTable } from "@/components/contacts/contacts-table";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterDateRange, FilterForm, FilterSelect } from "@/components/ui/filter-form";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { contactTags, listContacts } from "@/lib/contacts/queries";
import { CONTACT_SOURCES, contactFiltersFromSearch, contactName } from "@/lib/contacts/schemas";
import { can } from "@/lib/organizations/can";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";
import { hrefWithParams, pageParam } from "@/lib/utils/search-params";

export const metadata: Metadata = { title: "Contacts" };

const PAGE_SIZE = 25;
const SOURCE_OPTIONS = Object.entries(CONTACT_SOURCES).map(([value, label]) => ({ value, label }));

export default async function ContactsPage(props: OrganizationPageProps) {
  const { slug, search, org, read } = await openOrganizationPage(props, {
    path: "/contacts",
    permission: ["contacts", "read"],
  });
  const organizationId = org.organization.id;
  const filters = contactFiltersFromSearch(search);
  const page = pageParam(search.page);
  const [{ rows, total }, tags] = await read((tx) =>
    Promise.all([
      listContacts(tx, organizationId, { ...filters, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
      contactTags(tx, organizationId),
    ]),
  );
  const canCreate = can(org, "contacts", "create");
  const canMerge = can(org, "contacts", "update") && can(org, "contacts", "delete");
  const path = `/o/${slug}/contacts`;
  const params = {
    q: filters.query,
    tag: filters.tag,
    source: filters.source,
    from: filters.from,
    to: filters.to,
  };
  const filtered = Object.values(params).some(Boolean);

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Contacts"
        description="The leads and customers of your organization: collected by your chatbots, synced from GoHighLevel, imported or added by hand."
        actions={
          <div className="flex flex-wrap gap-2">
            <Button asChild variant="outline">
              <a href={hrefWithParams(`${path}/export`, params)} download>
                <Download aria-hidden="true" />
                Export CSV
              </a>
            </Button>
            {canCreate ? (
              <>
                <Button asChild variant="outline">
                  <Link href={`${path}/import`}>
                    <FileUp aria-hidden="true" />
                    Import CSV
                  </Link>
                </Button>
                <AddContactButton slug={slug} />
              </>
            ) : null}
          </div>
        }
      />
      {total > 0 || filtered ? (
        // Keyed by the filters: after "Clear filters" (a client navigation) the fields start afresh
        // instead of keeping what was typed before.
        <FilterForm key={hrefWithParams("", params)} path={path} label="Filter contacts" active={filtered}>
          <div className="grid gap-1.5 sm:col-span-2 lg:col-span-3">
            <Label htmlFor="contacts-q" className="text-xs text-muted-foreground">
              Search
            </Label>
            <Input
              id="contacts-q"
              name="q"
              type="search"
              defaultValue={filters.query ?? ""}
              placeholder="Name, email, phone or company"
              maxLength={100}
            />
          </div>
          <FilterSelect
            id="contacts-tag"
            name="tag"
            label="Tag"
            value={filters.tag}
            anyLabel="Any tag"
            options={[...new Set([...(filters.tag ? [filters.tag] : []), ...tags])].map((t) => ({
              value: t,
              label: t,
            }))}
          />
          <FilterSelect
            id="contacts-source"
            name="source"
            label="Source"
            value={filters.source}
            anyLabel="Any source"
            options={SOURCE_OPTIONS}
          />
          <FilterDateRange idPrefix="contacts-added" from={filters.from} to={filters.to} />
        </FilterForm>
      ) : null}
      {rows.length === 0 ? (
        <EmptyState
          icon={BookUser}
          title={filtered ? "No contacts match" : "No contacts yet"}
          description={
            filtered
              ? "Try another search or clear the filters."
              : "Contacts are the people your business talks to: leads your chatbots collect, contacts synced from GoHighLevel, and anyone you add or import. Each one's page shows their conversations, sales and workflow runs."
          }
          action={
            !filtered && canCreate ? (
              <>
                <AddContactButton slug={slug} />
                <Button asChild variant="outline">
                  <Link href={`${path}/import`}>
                    <FileUp aria-hidden="true" />
                    Import CSV
                  </Link>
                </Button>
              </>
            ) : null
          }
        />
      ) : (
        <ContactsTable
          key={hrefWithParams("", { ...params, page })}
          slug={slug}
          canMerge={canMerge}
          rows={rows.map((c) => ({
            id: c.id,
            name: contactName(c),
            email: c.email,
            phone: c.phone,
            company: c.company_name,
            tags: c.tags,
            source: CONTACT_SOURCES[c.source],
            added: c.created_at.toISOString().slice(0, 10),
          }))}
        />
      )}
      <Pagination
        path={path}
        params={params}
        page={page}
        pageSize={PAGE_SIZE}
        total={total}
        noun="contacts"
      />
    </div>
  );
}
