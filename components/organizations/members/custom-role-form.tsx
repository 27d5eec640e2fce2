"use client";

import { toast } from "sonner";
import { FormAlert } from "@/components/forms/form-alert";
import { useActionForm } from "@/components/forms/use-action-form";
import { FormField } from "@/components/ui/form-field";
import { NativeSelect } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { setMemberCustomRoleAction } from "@/lib/organizations/actions/roles";

/** Gives a member one of the organization's custom roles, or puts them back on their base role. */
export function CustomRoleForm({
  slug,
  memberId,
  baseRoleLabel,
  current,
  roles,
  editable,
}: {
  slug: string;
  memberId: string;
  baseRoleLabel: string;
  current: string | null;
  roles: readonly { id: string; name: string }[];
  editable: boolean;
}) {
  const form = useActionForm(setMemberCustomRoleAction, {
    onSuccess: (_data, message) => toast.success(message ?? "Saved."),
  });
  return (
    <form
      id={form.formId}
      action={form.formAction}
      noValidate
      className="flex flex-col gap-3 sm:flex-row sm:items-end"
    >
      <input type="hidden" name="organization" value={slug} />
      <input type="hidden" name="member_id" value={memberId} />
      <FormAlert result={form.result} />
      <FormField
        name="custom_role_id"
        label="Permissions come from"
        className="sm:w-80"
        error={form.fieldError("custom_role_id")}
      >
        <NativeSelect defaultValue={form.value("custom_role_id", current ?? "")} disabled={!editable}>
          <option value="">Their role ({baseRoleLabel})</option>
          {roles.map((role) => (
            <option key={role.id} value={role.id}>
              Custom role: {role.name}
            </option>
          ))}
        </NativeSelect>
      </FormField>
      {editable ? (
        <SubmitButton variant="outline" pendingLabel="Saving…">
          Save
        </SubmitButton>
      ) : null}
    </form>
  );
}
