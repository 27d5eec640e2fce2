import type { Metadata } from "next";
import { Inbox } from "@/components/chatbots/inbox";
import { PageHeader } from "@/components/ui/page-header";
import { listBots } from "@/lib/chatbots/bots";
import { inboxFeedSchema } from "@/lib/chatbots/console-action-schemas";
import { INBOX_PAGE_SIZE, loadInbox } from "@/lib/chatbots/console-inbox";
import { can } from "@/lib/organizations/can";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";
import { firstParam } from "@/lib/utils/search-params";

export const metadata: Metadata = { title: "Inbox" };

/** Conversations with the organization's bots: filters, transcripts, replies; live. */
export default async function InboxPage(props: OrganizationPageProps) {
  const { slug, search, org, read } = await openOrganizationPage(props, {
    path: "/inbox",
    permission: ["conversations", "read"],
  });
  const filters = inboxFeedSchema.parse({
    status: firstParam(search.status) ?? "all",
    bot: firstParam(search.bot) || undefined,
    page: firstParam(search.page) ?? "1",
    session: firstParam(search.c) || undefined,
  });
  const [data, bots] = await read((tx) =>
    Promise.all([
      loadInbox(tx, org.organization.id, filters),
      can(org, "bots", "read")
        ? listBots(tx, org.organization.id, { includeArchived: true })
        : Promise.resolve([]),
    ]),
  );
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Inbox"
        description="Conversations visitors have with your bots. Handed-off conversations wait for a person from your team."
      />
      <Inbox
        key={`${filters.status}-${filters.bot ?? ""}-${filters.page}-${filters.session ?? ""}`}
        slug={slug}
        initial={data}
        filters={{ status: filters.status, bot: filters.bot, page: filters.page }}
        sessionId={filters.session ?? null}
        pageSize={INBOX_PAGE_SIZE}
        bots={bots.map((b) => ({ id: b.id, name: b.name }))}
        permissions={{
          reply: can(org, "conversations", "create"),
          update: can(org, "conversations", "update"),
        }}
      />
    </div>
  );
}
