"use client";

import { FormAlert } from "@/components/forms/form-alert";
import { useActionForm } from "@/components/forms/use-action-form";
import { useToastAction } from "@/components/forms/use-toast-action";
import { Card, CardContent, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { createProjectAction, setItemProjectAction } from "@/lib/projects/actions";
import { KIND_LABELS, type ProjectItem } from "@/lib/projects/schemas";

/** A new project: a name (unique in the organization) and what it is for. */
export function CreateProjectForm({ slug }: { slug: string }) {
  const form = useActionForm(useToastAction(createProjectAction));
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">New project</CardTitle>
      </CardHeader>
      <form id={form.formId} action={form.formAction} noValidate>
        <input type="hidden" name="organization" value={slug} />
        <CardContent className="grid gap-5 sm:grid-cols-2">
          <FormAlert result={form.result} />
          <FormField name="name" label="Name" error={form.fieldError("name")} required>
            <Input maxLength={120} autoComplete="off" required defaultValue={form.value("name")} />
          </FormField>
          <FormField name="description" label="Description" optional error={form.fieldError("description")}>
            <Input maxLength={1000} defaultValue={form.value("description")} />
          </FormField>
        </CardContent>
        <CardFooter className="justify-end">
          <SubmitButton pendingLabel="Creating…">Create project</SubmitButton>
        </CardFooter>
      </form>
    </Card>
  );
}

/** Adding one of the organization's items that is in no project yet. */
export function AddToProjectForm({
  slug,
  projectId,
  items,
}: {
  slug: string;
  projectId: string;
  items: ProjectItem[];
}) {
  const form = useActionForm(useToastAction(setItemProjectAction));
  if (items.length === 0)
    return <p className="text-sm text-muted-foreground">Everything you can see is in a project already.</p>;
  return (
    <form
      id={form.formId}
      action={form.formAction}
      noValidate
      className="flex flex-col gap-2 sm:flex-row sm:items-end"
    >
      <input type="hidden" name="organization" value={slug} />
      <input type="hidden" name="project" value={projectId} />
      <FormField name="item" label="Add to this project" error={form.fieldError("item")} className="flex-1">
        <NativeSelect defaultValue="">
          <option value="" disabled>
            Choose a workflow, chatbot or agent…
          </option>
          {items.map((item) => (
            <option key={`${item.kind}:${item.id}`} value={`${item.kind}:${item.id}`}>
              {KIND_LABELS[item.kind]}: {item.name}
            </option>
          ))}
        </NativeSelect>
      </FormField>
      <SubmitButton pendingLabel="Adding…">Add</SubmitButton>
    </form>
  );
}
