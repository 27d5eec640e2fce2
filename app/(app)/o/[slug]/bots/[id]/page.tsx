import type { Metadata } from "next";
import { BotHeader } from "@/components/chatbots/bot-header";
import { BotSettingsForm, EmbedCard } from "@/components/chatbots/bot-settings";
import { Alert } from "@/components/ui/alert";
import { embedSnippet } from "@/lib/chatbots/bots";
import { widgetAvatarVersion } from "@/lib/chatbots/widget";
import { readWidgetAppearance } from "@/lib/chatbots/widget-appearance";
import { readOrganizationSettings } from "@/lib/organizations/settings";
import { requireBotPage } from "@/lib/chatbots/console-pages";
import { stackConfig } from "@/lib/config/stack";
import { can } from "@/lib/organizations/can";

type Props = { params: Promise<{ slug: string; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, id } = await params;
  const { bot } = await requireBotPage(slug, id, "");
  return { title: `${bot.name} · Settings` };
}

/** A bot's settings and embed code; read-only without bots:update. */
export default async function BotSettingsPage({ params }: Props) {
  const { slug, id } = await params;
  const { org, bot, read } = await requireBotPage(slug, id, "");
  const avatarVersion = await read((tx) => widgetAvatarVersion(tx, org.organization.id, bot.id));
  const brand = readOrganizationSettings(org.organization.settings).brand_color?.toLowerCase() ?? null;
  const canEdit = can(org, "bots", "update");
  return (
    <div className="flex flex-col gap-6">
      <BotHeader slug={slug} bot={bot} active="settings" />
      {!canEdit ? (
        <Alert variant="info">
          You can view this bot but not change it: your role does not allow editing bots.
        </Alert>
      ) : null}
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_24rem]">
        <BotSettingsForm
          slug={slug}
          canEdit={canEdit}
          bot={{
            id: bot.id,
            name: bot.name,
            description: bot.description,
            persona: bot.persona,
            greeting: bot.greeting,
            fallback_message: bot.fallback_message,
            status: bot.status,
            model: bot.model_settings.model,
            temperature: bot.model_settings.temperature,
            max_tokens: bot.model_settings.max_tokens,
            allowed_origins: bot.allowed_origins,
            language: bot.language,
            public_key: bot.public_key,
            widget: readWidgetAppearance(bot.widget, brand ? { color: brand } : {}),
            avatar_version: avatarVersion,
          }}
        />
        <EmbedCard
          slug={slug}
          botId={bot.id}
          botName={bot.name}
          snippet={embedSnippet(bot, stackConfig().siteUrl)}
          canEdit={canEdit}
          canDelete={can(org, "bots", "delete")}
        />
      </div>
    </div>
  );
}
