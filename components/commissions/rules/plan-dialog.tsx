"use client";

import { Plus } from "lucide-react";
import { ActionDialogButton, type ActionForm } from "@/components/forms/action-dialog";
import { DeleteDialogButton } from "@/components/forms/delete-dialog-button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { createPlanAction, deletePlanAction, updatePlanAction } from "@/lib/commissions/actions";
import type { PlanValues } from "../rule-values";
import { editTrigger } from "./edit-trigger";

/** The commission plan's dialogs: create, edit, delete. */

function PlanFields({ form, values }: { form: ActionForm; values: PlanValues }) {
  return (
    <>
      <FormField name="name" label="Plan name" error={form.fieldError("name")} required>
        <Input defaultValue={form.value("name", values.name)} />
      </FormField>
      <FormField name="description" label="Description" optional error={form.fieldError("description")}>
        <Textarea rows={2} defaultValue={form.value("description", values.description)} />
      </FormField>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField
          name="effective_from"
          label="In force from"
          optional
          error={form.fieldError("effective_from")}
        >
          <Input type="date" defaultValue={form.value("effective_from", values.effective_from)} />
        </FormField>
        <FormField name="effective_to" label="Until" optional error={form.fieldError("effective_to")}>
          <Input type="date" defaultValue={form.value("effective_to", values.effective_to)} />
        </FormField>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="hidden" name="active" value="false" />
        <input type="checkbox" name="active" value="true" defaultChecked={values.active} className="size-4" />
        Active
      </label>
    </>
  );
}

export function PlanDialogButton({
  slug,
  values,
  mode,
}: {
  slug: string;
  values: PlanValues;
  mode: "create" | "edit";
}) {
  return (
    <ActionDialogButton
      trigger={
        mode === "create"
          ? {
              children: (
                <>
                  <Plus aria-hidden="true" />
                  New plan
                </>
              ),
            }
          : editTrigger(`Edit plan ${values.name}`)
      }
      className="max-w-lg"
      title={mode === "create" ? "New commission plan" : `Edit ${values.name}`}
      action={mode === "create" ? createPlanAction : updatePlanAction}
      fields={{ organization: slug, ...(values.id ? { id: values.id } : {}) }}
      submitLabel={mode === "create" ? "Create plan" : "Save plan"}
      pendingLabel="Saving…"
    >
      {(form) => <PlanFields form={form} values={values} />}
    </ActionDialogButton>
  );
}

export function DeletePlanButton({ slug, id, name }: { slug: string; id: string; name: string }) {
  return (
    <DeleteDialogButton
      label={`Delete plan ${name}`}
      title={`Delete the plan ${name}?`}
      description="Its rules go with it. Commissions already computed keep their amounts."
      action={deletePlanAction}
      fields={{ organization: slug, id }}
      submitLabel="Delete plan"
    />
  );
}
