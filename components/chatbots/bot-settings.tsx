"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { KeyRound, Trash2 } from "lucide-react";
import { ActionDialogButton } from "@/components/forms/action-dialog";
import { FormAlert } from "@/components/forms/form-alert";
import { useActionForm } from "@/components/forms/use-action-form";
import { useToastAction } from "@/components/forms/use-toast-action";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { Textarea } from "@/components/ui/textarea";
import { BOT_LANGUAGES, type BotLanguage } from "@/lib/chatbots/languages";
import { deleteBotAction, rotateBotKeyAction, updateBotAction } from "@/lib/chatbots/console-actions";
import { botStatusLabels } from "./bot-header";
import type { WidgetAppearance } from "@/lib/chatbots/widget-appearance";
import { EmbedSnippet } from "./embed-snippet";
import { AllowedOriginsField, WidgetAppearanceCard } from "./widget-appearance";

export type BotSettingsValues = {
  id: string;
  name: string;
  description: string;
  persona: string;
  greeting: string;
  fallback_message: string;
  status: keyof typeof botStatusLabels;
  model: string;
  temperature: number;
  max_tokens: number;
  allowed_origins: string[];
  language: BotLanguage;
  public_key: string;
  widget: WidgetAppearance;
  avatar_version: string | null;
};

/** The bot's settings form: who it is, what it says, its model, status and where it may be embedded. */
export function BotSettingsForm({
  slug,
  bot,
  canEdit,
}: {
  slug: string;
  bot: BotSettingsValues;
  canEdit: boolean;
}) {
  const router = useRouter();
  const toasting = useToastAction(updateBotAction, { onSuccess: () => router.refresh() });
  const form = useActionForm(toasting);
  const v = (name: keyof BotSettingsValues, fallback: string) => form.value(name, fallback);
  const [greeting, setGreeting] = React.useState(bot.greeting);
  return (
    <form id={form.formId} action={form.formAction} noValidate className="flex flex-col gap-6">
      <input type="hidden" name="organization" value={slug} />
      <input type="hidden" name="id" value={bot.id} />
      <FormAlert result={form.result} />
      <fieldset disabled={!canEdit} className="flex min-w-0 flex-col gap-6">
        <Card>
          <CardHeader>
            <CardTitle>Bot</CardTitle>
            <CardDescription>How the bot introduces itself and speaks.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4 md:grid-cols-2">
            <FormField name="name" label="Name" required error={form.fieldError("name")}>
              <Input defaultValue={v("name", bot.name)} maxLength={120} />
            </FormField>
            <FormField
              name="status"
              label="Status"
              error={form.fieldError("status")}
              hint="A paused bot does not answer on your website."
            >
              <NativeSelect defaultValue={v("status", bot.status)}>
                {Object.entries(botStatusLabels).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </NativeSelect>
            </FormField>
            <FormField
              name="description"
              label="Description"
              optional
              error={form.fieldError("description")}
              className="md:col-span-2"
            >
              <Input defaultValue={v("description", bot.description)} maxLength={1000} />
            </FormField>
            <FormField
              name="persona"
              label="Persona and instructions"
              optional
              hint="For the AI model: tone, what to talk about and what not to say."
              error={form.fieldError("persona")}
              className="md:col-span-2"
            >
              <Textarea defaultValue={v("persona", bot.persona)} maxLength={8000} rows={4} />
            </FormField>
            <FormField
              name="greeting"
              label="Greeting"
              optional
              hint="The first message a visitor sees."
              error={form.fieldError("greeting")}
            >
              <Textarea
                defaultValue={v("greeting", bot.greeting)}
                onChange={(e) => setGreeting(e.currentTarget.value)}
                maxLength={2000}
                rows={3}
              />
            </FormField>
            <FormField
              name="language"
              label="Language"
              error={form.fieldError("language")}
              hint="The language of the knowledge base and of visitors' questions: words are matched by their stem in it (“refunds” finds “refund”)."
            >
              <NativeSelect defaultValue={v("language", bot.language)}>
                {Object.entries(BOT_LANGUAGES).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </NativeSelect>
            </FormField>
            <FormField
              name="fallback_message"
              label="When it has no answer"
              required
              error={form.fieldError("fallback_message")}
            >
              <Textarea
                defaultValue={v("fallback_message", bot.fallback_message)}
                maxLength={2000}
                rows={3}
              />
            </FormField>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Model</CardTitle>
            <CardDescription>
              Used for answers from the knowledge base when an AI provider is set up; without one the bot
              shows the best matching passage.
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4 sm:grid-cols-3">
            <FormField name="model" label="Model" required error={form.fieldError("model")}>
              <Input defaultValue={v("model", bot.model)} maxLength={100} className="font-mono" />
            </FormField>
            <FormField
              name="temperature"
              label="Temperature"
              hint="0 (focused) to 2 (creative)"
              error={form.fieldError("temperature")}
            >
              <Input
                type="number"
                inputMode="decimal"
                min={0}
                max={2}
                step={0.1}
                defaultValue={v("temperature", String(bot.temperature))}
              />
            </FormField>
            <FormField
              name="max_tokens"
              label="Longest answer (tokens)"
              error={form.fieldError("max_tokens")}
            >
              <Input
                type="number"
                inputMode="numeric"
                min={16}
                max={4000}
                step={1}
                defaultValue={v("max_tokens", String(bot.max_tokens))}
              />
            </FormField>
          </CardContent>
        </Card>
        <WidgetAppearanceCard
          initial={bot.widget}
          greeting={greeting}
          avatarPath={`/o/${slug}/bots/${bot.id}/avatar`}
          avatarVersion={bot.avatar_version}
          canEdit={canEdit}
          fieldError={form.fieldError}
        />
        <Card>
          <CardHeader>
            <CardTitle>Where it may be embedded</CardTitle>
            <CardDescription>
              The websites that may show this bot. Requests from any other site are refused, and the widget
              there tells visitors that the chat is not available.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <AllowedOriginsField
              initial={bot.allowed_origins.join("\n")}
              serverError={form.fieldError("allowed_origins")}
            />
          </CardContent>
        </Card>
      </fieldset>
      {canEdit ? (
        <div>
          <SubmitButton pendingLabel="Saving…">Save settings</SubmitButton>
        </div>
      ) : null}
    </form>
  );
}

/** The embed code, and a new key (the old code stops working) after confirming. */
export function EmbedCard({
  slug,
  botId,
  snippet,
  canEdit,
  canDelete,
  botName,
}: {
  slug: string;
  botId: string;
  snippet: string;
  canEdit: boolean;
  canDelete: boolean;
  botName: string;
}) {
  const router = useRouter();
  return (
    <div className="flex flex-col gap-6">
      <Card>
        <CardHeader>
          <CardTitle>Put it on your website</CardTitle>
          <CardDescription>
            Paste this tag before <code>&lt;/body&gt;</code> on every page where the chat bubble should
            appear. The site must be in the allowed origins.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <EmbedSnippet snippet={snippet} />
          {canEdit ? (
            <div>
              <ActionDialogButton
                trigger={{
                  variant: "outline",
                  size: "sm",
                  children: (
                    <>
                      <KeyRound aria-hidden="true" />
                      Rotate key…
                    </>
                  ),
                }}
                title="Make a new key?"
                description="The embed code on your website stops working at once, and conversations in progress there end. Paste the new code on your website afterwards."
                action={rotateBotKeyAction}
                fields={{ organization: slug, id: botId }}
                submitLabel="Make a new key"
                pendingLabel="Rotating…"
                variant="destructive"
                onSuccess={() => router.refresh()}
              />
            </div>
          ) : null}
        </CardContent>
      </Card>
      {canDelete ? (
        <Card className="border-destructive/30">
          <CardHeader>
            <CardTitle>Delete this bot</CardTitle>
            <CardDescription>
              Its flow, knowledge base and conversations are deleted for good.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <ActionDialogButton
              trigger={{
                variant: "ghost-destructive",
                size: "sm",
                children: (
                  <>
                    <Trash2 aria-hidden="true" />
                    Delete bot…
                  </>
                ),
              }}
              title={`Delete ${botName}?`}
              description="The bot, its flow, its knowledge base and every conversation with it are deleted. This cannot be undone."
              action={deleteBotAction}
              fields={{ organization: slug, id: botId }}
              submitLabel="Delete bot"
              pendingLabel="Deleting…"
              variant="destructive"
            />
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}
