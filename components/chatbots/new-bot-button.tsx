"use client";

import { Plus } from "lucide-react";
import { ActionDialogButton } from "@/components/forms/action-dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { createBotAction } from "@/lib/chatbots/console-actions";

/** "New bot": a name and a description; the bot starts with the starter flow and opens. */
export function NewBotButton({
  slug,
  disabled,
  label = "New bot",
}: {
  slug: string;
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
      description="It starts with a flow that answers from the knowledge base and collects an email when it cannot."
      action={createBotAction}
      fields={{ organization: slug }}
      submitLabel="Create bot"
      pendingLabel="Creating…"
    >
      {(form) => (
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
        </>
      )}
    </ActionDialogButton>
  );
}
