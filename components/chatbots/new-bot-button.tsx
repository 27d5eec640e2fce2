"use client";

import { useId } from "react";
import { Plus } from "lucide-react";
import { botNodeIcon } from "@/components/chatbots/flow/bot-icons";
import { FlowPreview } from "@/components/flow/flow-preview";
import { ActionDialogButton } from "@/components/forms/action-dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { createBotAction } from "@/lib/chatbots/console-actions";
import type { BotTemplateOption } from "@/lib/chatbots/flow/templates";
import { cn } from "@/lib/utils/cn";

/** "New bot": a name, a description and the flow it starts with (a template); the new bot opens. */
export function NewBotButton({
  slug,
  templates,
  disabled,
  label = "New bot",
}: {
  slug: string;
  templates: BotTemplateOption[];
  disabled?: boolean;
  label?: string;
}) {
  return (
    <ActionDialogButton
      trigger={{
        disabled,
        children: (
          <>
            <Plus aria-hidden="true" />
            {label}
          </>
        ),
      }}
      title="New chatbot"
      description="Choose what it should do first. You can change its flow, greeting and knowledge base afterwards."
      className="sm:max-w-2xl"
      action={createBotAction}
      fields={{ organization: slug }}
      submitLabel="Create bot"
      pendingLabel="Creating…"
    >
      {(form) => {
        const chosen = form.value("template", templates[0]?.key ?? "");
        return (
          <>
            <FormField name="name" label="Name" required error={form.fieldError("name")}>
              <Input
                defaultValue={form.value("name")}
                maxLength={120}
                placeholder="Website assistant"
                autoFocus
              />
            </FormField>
            <FormField name="description" label="Description" optional error={form.fieldError("description")}>
              <Textarea defaultValue={form.value("description")} maxLength={1000} rows={2} />
            </FormField>
            <fieldset className="flex flex-col gap-2 text-left">
              <legend className="mb-2 text-sm font-medium">Start with</legend>
              {form.fieldError("template") ? (
                <p className="text-[13px] font-medium text-destructive">{form.fieldError("template")}</p>
              ) : null}
              <div className="grid gap-2.5 sm:grid-cols-2">
                {templates.map((t) => (
                  <TemplateChoice key={t.key} template={t} checked={chosen === t.key} />
                ))}
              </div>
            </fieldset>
          </>
        );
      }}
    </ActionDialogButton>
  );
}

/** One flow to start with: named by its title alone (its purpose describes it), so labels stay short. */
function TemplateChoice({ template: t, checked }: { template: BotTemplateOption; checked: boolean }) {
  const id = useId();
  return (
    <label
      data-template={t.key}
      className={cn(
        "flex cursor-pointer flex-col gap-1 rounded-xl border bg-card p-2.5 text-sm shadow-xs transition-colors hover:bg-accent/40",
        "has-[:checked]:border-primary has-[:checked]:ring-2 has-[:checked]:ring-primary/30 has-[:focus-visible]:ring-[3px] has-[:focus-visible]:ring-ring/50",
      )}
    >
      <input
        type="radio"
        name="template"
        value={t.key}
        defaultChecked={checked}
        aria-labelledby={`${id}-name`}
        aria-describedby={`${id}-purpose`}
        className="sr-only"
      />
      <span className="mb-1 flex h-20 items-center justify-center rounded-lg bg-muted/50 px-2 py-2">
        <FlowPreview preview={t.preview} iconFor={botNodeIcon} minHeight={64} />
      </span>
      <span id={`${id}-name`} className="px-1 font-medium">
        {t.name}
      </span>
      <span id={`${id}-purpose`} className="px-1 text-[13px] text-pretty text-muted-foreground">
        {t.purpose}
      </span>
    </label>
  );
}
