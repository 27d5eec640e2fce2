"use client";

import { useId } from "react";
import { Plus } from "lucide-react";
import { FlowPreview } from "@/components/flow/flow-preview";
import { FormAlert } from "@/components/forms/form-alert";
import { useActionForm } from "@/components/forms/use-action-form";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { Textarea } from "@/components/ui/textarea";
import { cn } from "@/lib/utils/cn";
import { createWorkflowAction } from "@/lib/workflows/actions";
import { nodeUi } from "@/lib/workflows/nodes/client-registry";
import type { PreviewGraph } from "@/lib/workflows/preview";
import { TEMPLATE_CATEGORIES } from "@/lib/workflows/templates/categories";

export type TemplateOption = {
  id: string;
  key: string | null;
  name: string;
  category: string;
  description: string;
  own: boolean;
  preview: PreviewGraph;
};

const OWN = "Your organization";
const iconFor = (type: string) => nodeUi(type)?.icon;

/** Templates grouped for the picker: the organization's own first, then the shipped categories in order. */
function groups(templates: readonly TemplateOption[]): [string, TemplateOption[]][] {
  const byCategory = new Map<string, TemplateOption[]>();
  for (const t of templates) {
    const category = t.own ? OWN : t.category;
    byCategory.set(category, [...(byCategory.get(category) ?? []), t]);
  }
  const order = (c: string) => {
    if (c === OWN) return -1;
    const i = (TEMPLATE_CATEGORIES as readonly string[]).indexOf(c);
    return i === -1 ? TEMPLATE_CATEGORIES.length : i;
  };
  return [...byCategory.entries()].sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b));
}

/** Name the workflow and choose where it starts from: a blank canvas or a template. */
export function NewWorkflowForm({
  slug,
  templates,
  initialTemplate,
}: {
  slug: string;
  templates: TemplateOption[];
  initialTemplate?: string;
}) {
  const form = useActionForm(createWorkflowAction);
  const chosen = form.value("template_id", initialTemplate ?? "");

  return (
    <form id={form.formId} action={form.formAction} noValidate className="flex flex-col gap-6">
      <input type="hidden" name="organization" value={slug} />
      <FormAlert result={form.result} />
      <div className="grid gap-4 sm:max-w-lg">
        <FormField name="name" label="Name" optional error={form.fieldError("name")}>
          <Input
            defaultValue={form.value("name")}
            maxLength={200}
            placeholder="The template's name, or Untitled workflow"
            autoFocus
          />
        </FormField>
        <FormField name="description" label="Description" optional error={form.fieldError("description")}>
          <Textarea defaultValue={form.value("description")} maxLength={2000} rows={2} />
        </FormField>
      </div>

      <fieldset className="flex flex-col gap-6">
        <legend className="mb-1 text-sm font-medium">Start from</legend>
        {form.fieldError("template_id") ? (
          <p className="text-[13px] font-medium text-destructive">{form.fieldError("template_id")}</p>
        ) : null}
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          <TemplateCard
            id=""
            name="Blank workflow"
            description="An empty canvas: add a trigger and build from there."
            checked={chosen === ""}
          />
        </div>
        {groups(templates).map(([category, items]) => (
          <section key={category} aria-label={category} className="flex flex-col gap-2">
            <h3 className="text-[11px] font-medium tracking-wide text-muted-foreground uppercase">
              {category}
            </h3>
            <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
              {items.map((t) => (
                <TemplateCard
                  key={t.id}
                  id={t.id}
                  templateKey={t.key}
                  name={t.name}
                  description={t.description}
                  preview={t.preview}
                  checked={chosen === t.id}
                />
              ))}
            </div>
          </section>
        ))}
      </fieldset>

      {/* Twenty templates make a long page: the button stays in reach while choosing. */}
      <div className="sticky bottom-0 z-10 -mx-1 border-t bg-background/95 px-1 py-3 backdrop-blur supports-[backdrop-filter]:bg-background/80">
        <SubmitButton pendingLabel="Creating…">Create workflow</SubmitButton>
      </div>
    </form>
  );
}

function TemplateCard({
  id,
  templateKey,
  name,
  description,
  preview,
  checked,
}: {
  id: string;
  templateKey?: string | null;
  name: string;
  description: string;
  preview?: PreviewGraph;
  checked: boolean;
}) {
  const htmlId = useId();
  return (
    <label
      data-template={templateKey ?? undefined}
      className={cn(
        "relative flex cursor-pointer flex-col gap-1.5 rounded-xl border bg-card p-3 text-sm shadow-xs transition-colors hover:bg-accent/40",
        "has-[:checked]:border-primary has-[:checked]:ring-2 has-[:checked]:ring-primary/30 has-[:focus-visible]:ring-[3px] has-[:focus-visible]:ring-ring/50",
      )}
    >
      <input
        type="radio"
        name="template_id"
        value={id}
        defaultChecked={checked}
        aria-labelledby={`${htmlId}-name`}
        aria-describedby={`${htmlId}-description`}
        className="sr-only"
      />
      <span className="mb-1 flex h-20 items-center justify-center rounded-lg bg-muted/50 px-3 py-2">
        {preview ? (
          <FlowPreview preview={preview} iconFor={iconFor} minHeight={64} />
        ) : (
          <Plus className="size-6 text-muted-foreground" aria-hidden="true" />
        )}
      </span>
      <span id={`${htmlId}-name`} className="px-1 font-medium">
        {name}
      </span>
      <span id={`${htmlId}-description`} className="px-1 text-[13px] text-pretty text-muted-foreground">
        {description}
      </span>
    </label>
  );
}
