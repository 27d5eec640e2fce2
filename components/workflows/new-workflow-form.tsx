"use client";

import { FileText } from "lucide-react";
import { FormAlert } from "@/components/forms/form-alert";
import { useActionForm } from "@/components/forms/use-action-form";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { Textarea } from "@/components/ui/textarea";
import { cn } from "@/lib/utils/cn";
import { createWorkflowAction } from "@/lib/workflows/actions";
import { nodeUi } from "@/lib/workflows/nodes/client-registry";

export type TemplateOption = {
  id: string;
  name: string;
  category: string;
  description: string;
  own: boolean;
  nodeTypes: string[];
};

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
        <FormField name="name" label="Name" error={form.fieldError("name")} required>
          <Input
            defaultValue={form.value("name")}
            maxLength={200}
            placeholder="Follow up new leads"
            autoFocus
          />
        </FormField>
        <FormField name="description" label="Description" optional error={form.fieldError("description")}>
          <Textarea defaultValue={form.value("description")} maxLength={2000} rows={2} />
        </FormField>
      </div>

      <fieldset className="flex flex-col gap-3">
        <legend className="mb-1 text-sm font-medium">Start from</legend>
        {form.fieldError("template_id") ? (
          <p className="text-[13px] font-medium text-destructive">{form.fieldError("template_id")}</p>
        ) : null}
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          <TemplateCard
            id=""
            name="Blank workflow"
            category="Blank"
            description="An empty canvas: add a trigger and build from there."
            nodeTypes={[]}
            checked={chosen === ""}
          />
          {templates.map((t) => (
            <TemplateCard
              key={t.id}
              {...t}
              category={t.own ? "Your organization" : t.category}
              checked={chosen === t.id}
            />
          ))}
        </div>
      </fieldset>

      <div>
        <SubmitButton pendingLabel="Creating…">Create workflow</SubmitButton>
      </div>
    </form>
  );
}

function TemplateCard({
  id,
  name,
  category,
  description,
  nodeTypes,
  checked,
}: {
  id: string;
  name: string;
  category: string;
  description: string;
  nodeTypes: string[];
  checked: boolean;
}) {
  return (
    <label
      className={cn(
        "relative flex cursor-pointer flex-col gap-1.5 rounded-xl border bg-card p-4 text-sm shadow-xs transition-colors hover:bg-accent/40",
        "has-[:checked]:border-primary has-[:checked]:ring-2 has-[:checked]:ring-primary/30 has-[:focus-visible]:ring-[3px] has-[:focus-visible]:ring-ring/50",
      )}
    >
      <input type="radio" name="template_id" value={id} defaultChecked={checked} className="sr-only" />
      <span className="text-[11px] font-medium tracking-wide text-muted-foreground uppercase">
        {category}
      </span>
      <span className="font-medium">{name}</span>
      <span className="text-[13px] text-pretty text-muted-foreground">{description}</span>
      <span className="mt-auto flex gap-1.5 pt-1" aria-hidden="true">
        {nodeTypes.length === 0 ? <FileText className="size-4 text-muted-foreground" /> : null}
        {nodeTypes.slice(0, 6).map((type) => {
          const Icon = nodeUi(type)?.icon;
          return Icon ? <Icon key={type} className="size-4 text-muted-foreground" /> : null;
        })}
      </span>
    </label>
  );
}
