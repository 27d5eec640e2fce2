"use client";

import { Plus } from "lucide-react";
import { ActionDialogButton } from "@/components/forms/action-dialog";
import { DeleteDialogButton } from "@/components/forms/delete-dialog-button";
import { createRuleAction, deleteRuleAction, updateRuleAction } from "@/lib/commissions/actions";
import type { MemberOption } from "./member-options";
import type { RuleValues } from "./rule-values";
import { editTrigger } from "./rules/edit-trigger";
import { RuleFields } from "./rules/rule-fields";

/**
 * The rule dialogs (create, edit, delete). The fields are in ./rules/rule-fields.tsx, the live
 * preview in ./rules/rule-preview.tsx; the plan dialogs are in ./rules/plan-dialog.tsx.
 */

export { DeletePlanButton, PlanDialogButton } from "./rules/plan-dialog";

export function RuleDialogButton({
  slug,
  values,
  members,
  mode,
}: {
  slug: string;
  values: RuleValues;
  members: MemberOption[];
  mode: "create" | "edit";
}) {
  return (
    <ActionDialogButton
      trigger={
        mode === "create"
          ? {
              variant: "outline",
              size: "sm",
              children: (
                <>
                  <Plus aria-hidden="true" />
                  Add rule
                </>
              ),
            }
          : editTrigger(`Edit rule ${values.name}`)
      }
      className="max-w-2xl"
      title={mode === "create" ? "Add a rule" : `Edit ${values.name}`}
      description="In each plan, a rep's own rules win over their type's, which win over the rules for everyone."
      action={mode === "create" ? createRuleAction : updateRuleAction}
      fields={{ organization: slug, ...(values.id ? { id: values.id } : {}) }}
      submitLabel={mode === "create" ? "Add rule" : "Save rule"}
      pendingLabel="Saving…"
    >
      {(form) => <RuleFields form={form} initial={values} members={members} />}
    </ActionDialogButton>
  );
}

export function DeleteRuleButton({ slug, id, name }: { slug: string; id: string; name: string }) {
  return (
    <DeleteDialogButton
      label={`Delete rule ${name}`}
      title={`Delete the rule ${name}?`}
      description="Commissions already computed keep their amounts; new sales no longer use it."
      action={deleteRuleAction}
      fields={{ organization: slug, id }}
      submitLabel="Delete rule"
    />
  );
}
