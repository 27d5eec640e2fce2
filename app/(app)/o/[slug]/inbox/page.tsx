import type { Metadata } from "next";
import Link from "next/link";
import { Inbox } from "@/components/inbox/inbox";
import { WaitingEmailToggle } from "@/components/inbox/waiting-email-toggle";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { listBots } from "@/lib/chatbots/bots";
import { listAssignableMembers, listCannedReplies, waitingEmailEnabled } from "@/lib/inbox/queries";
import { inboxFiltersSchema } from "@/lib/inbox/schemas";
import { INBOX_PAGE_SIZE, loadInbox } from "@/lib/inbox/view";
import { can } from "@/lib/organizations/can";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";
import { firstParam } from "@/lib/utils/search-params";

export const metadata: Metadata = { title: "Inbox" };

/** Conversations with the organization's bots: statuses, assignment, notes, canned replies; live. */
export default async function InboxPage(props: OrganizationPageProps) {
  const { slug, search, claims, org, read } = await openOrganizationPage(props, {
    path: "/inbox",
    permission: ["conversations", "read"],
  });
  const filters = inboxFiltersSchema.parse({
    status: firstParam(search.status) ?? "open",
    assignee: firstParam(search.assignee) ?? "all",
    bot: firstParam(search.bot) || undefined,
    page: firstParam(search.page) ?? "1",
    session: firstParam(search.c) || undefined,
  });
  const id = org.organization.id;
  const [data, bots, members, cannedReplies, emailMe] = await read((tx) =>
    Promise.all([
      loadInbox(tx, id, claims.sub, filters),
      can(org, "bots", "read") ? listBots(tx, id, { includeArchived: true }) : Promise.resolve([]),
      can(org, "conversations", "update") ? listAssignableMembers(tx, id) : Promise.resolve([]),
      can(org, "canned_replies", "read") ? listCannedReplies(tx, id) : Promise.resolve([]),
      waitingEmailEnabled(tx, id, claims.sub),
    ]),
  );
  return (
    <div className="flex flex-col gap-4">
      <PageHeader
        title="Inbox"
        description="Conversations visitors have with your bots. Handed-off conversations wait for a person from your team."
        actions={
          <>
            <WaitingEmailToggle slug={slug} initial={emailMe} />
            {can(org, "canned_replies", "read") ? (
              <Button asChild variant="outline" size="sm">
                <Link href={`/o/${slug}/inbox/canned-replies`}>Canned replies</Link>
              </Button>
            ) : null}
          </>
        }
      />
      <Inbox
        key={`${filters.status}-${filters.assignee}-${filters.bot ?? ""}-${filters.page}-${filters.session ?? ""}`}
        slug={slug}
        initial={data}
        filters={{ status: filters.status, assignee: filters.assignee, bot: filters.bot, page: filters.page }}
        sessionId={filters.session ?? null}
        pageSize={INBOX_PAGE_SIZE}
        bots={bots.map((b) => ({ id: b.id, name: b.name }))}
        members={members}
        cannedReplies={cannedReplies}
        permissions={{
          reply: can(org, "conversations", "create"),
          update: can(org, "conversations", "update"),
          manageCanned: can(org, "canned_replies", "create"),
        }}
      />
    </div>
  );
}
