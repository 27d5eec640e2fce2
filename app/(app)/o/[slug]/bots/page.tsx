import type { Metadata } from "next";
import { Bot } from "lucide-react";
import { BotList } from "@/components/chatbots/bot-list";
import { NewBotButton } from "@/components/chatbots/new-bot-button";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { ProjectFilterNotice } from "@/components/projects/project-filter-notice";
import { PageHeader } from "@/components/ui/page-header";
import { listBots } from "@/lib/chatbots/bots";
import { botTemplateOptions } from "@/lib/chatbots/flow/templates";
import { can } from "@/lib/organizations/can";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";
import { projectFilter } from "@/lib/projects/queries";

export const metadata: Metadata = { title: "Chatbots" };

/** The organization's chatbots, and a new one when the plan has room. */
export default async function BotsPage(props: OrganizationPageProps) {
  const { slug, org, read, search } = await openOrganizationPage(props, {
    path: "/bots",
    permission: ["bots", "read"],
  });
  const { all, project, shown } = await read(async (tx) => {
    const organizationId = org.organization.id;
    const project = await projectFilter(tx, organizationId, search.project);
    const all = await listBots(tx, organizationId, { includeArchived: true });
    const shown = project
      ? await listBots(tx, organizationId, { includeArchived: true, projectId: project.id })
      : all;
    return { all, project, shown };
  });
  const bots = shown;
  const used = all.filter((b) => b.status !== "archived").length;
  const { max_bots: limit, subscription_plan: plan } = org.organization;
  const atLimit = used >= limit;
  const mayCreate = can(org, "bots", "create");
  const planName = plan.charAt(0).toUpperCase() + plan.slice(1);
  const templates = mayCreate ? botTemplateOptions() : [];

  return (
    <div className="flex flex-col gap-8">
      <PageHeader
        title="Chatbots"
        description={
          <>
            Bots that answer visitors on your website from your knowledge base and hand over to your team.{" "}
            <span className="whitespace-nowrap">
              {used} of {limit} in use on the {planName} plan.
            </span>
          </>
        }
        actions={
          mayCreate && bots.length > 0 ? (
            <NewBotButton slug={slug} templates={templates} disabled={atLimit} />
          ) : null
        }
      />
      {mayCreate && atLimit ? (
        <Alert variant="warning" title="Your plan's bot limit is reached">
          The {planName} plan allows {limit} active bot{limit === 1 ? "" : "s"}. Archive a bot to make room,
          or upgrade on the billing page.
        </Alert>
      ) : null}
      {project ? <ProjectFilterNotice name={project.name} clearHref={`/o/${slug}/bots`} /> : null}
      {bots.length === 0 ? (
        <EmptyState
          icon={Bot}
          title="No chatbots yet"
          description={
            mayCreate
              ? "Create a bot, teach it from your documents, and put it on your website with one line of code."
              : "Nobody has created a chatbot here yet. Ask an administrator or bot trainer to create one."
          }
          action={
            mayCreate ? (
              <NewBotButton
                slug={slug}
                templates={templates}
                disabled={atLimit}
                label="Create your first bot"
              />
            ) : null
          }
        />
      ) : (
        <BotList slug={slug} bots={bots} />
      )}
    </div>
  );
}
