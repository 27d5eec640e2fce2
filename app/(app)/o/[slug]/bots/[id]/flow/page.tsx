import type { Metadata } from "next";
import { BotHeader } from "@/components/chatbots/bot-header";
import { BotFlowEditor } from "@/components/chatbots/flow/bot-flow-editor";
import { FullBleed } from "@/components/workflows/builder/full-bleed";
import { getBotFlow } from "@/lib/chatbots/bots";
import { requireBotPage } from "@/lib/chatbots/console-pages";
import { can } from "@/lib/organizations/can";
import { listWorkflows } from "@/lib/workflows/workflows";

type Props = { params: Promise<{ slug: string; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, id } = await params;
  const { bot } = await requireBotPage(slug, id, "/flow");
  return { title: `${bot.name} · Flow` };
}

/** The bot's goal-based flow on the canvas, with the test chat beside it; view-only without bots:update. */
export default async function BotFlowPage({ params }: Props) {
  const { slug, id } = await params;
  const { org, bot, read } = await requireBotPage(slug, id, "/flow");
  const [flow, workflows] = await Promise.all([
    read((tx) => getBotFlow(tx, org.organization.id, bot.id)),
    can(org, "workflows", "read")
      ? read((tx) => listWorkflows(tx, org.organization.id, { limit: 200 })).then((r) => r.workflows)
      : Promise.resolve([]),
  ]);
  return (
    <div className="flex h-[calc(100dvh-3.5rem-1px)] min-h-[36rem] flex-col">
      <FullBleed />
      <BotHeader slug={slug} bot={bot} active="flow" compact />
      <BotFlowEditor
        slug={slug}
        botId={bot.id}
        definition={flow.definition}
        trimmedSteps={flow.trimmed_steps}
        version={flow.version}
        publishedAt={flow.published_at?.toISOString() ?? null}
        canEdit={can(org, "bots", "update")}
        workflows={workflows.filter((w) => w.status !== "archived").map((w) => ({ id: w.id, name: w.name }))}
      />
    </div>
  );
}
