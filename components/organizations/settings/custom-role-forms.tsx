"use client";

import { useRouter } from "next/navigation";
import { Trash2 } from "lucide-react";
import { toast } from "sonner";
import { ActionDialogButton } from "@/components/forms/action-dialog";
import { FormAlert } from "@/components/forms/form-alert";
import { useActionForm } from "@/components/forms/use-action-form";
import { Card, CardContent, CardFooter } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { Textarea } from "@/components/ui/textarea";
import {
  createCustomRoleAction,
  deleteCustomRoleAction,
  updateCustomRoleAction,
} from "@/lib/organizations/actions/roles";
import { ASSIGNABLE_ROLES, roleLabels } from "@/lib/organizations/schema";

/** A new role: its name, what it is for, and whose permissions it starts with (then the matrix). */
export function CreateCustomRoleForm({ slug }: { slug: string }) {
  const router = useRouter();
  const form = useActionForm(createCustomRoleAction, {
    onSuccess: (data, message) => {
      toast.success(message ?? "Role created.");
      router.push(data.href);
    },
  });
  return (
    <Card>
      <form id={form.formId} action={form.formAction} noValidate>
        <input type="hidden" name="organization" value={slug} />
        <CardContent className="flex flex-col gap-5">
          <FormAlert result={form.result} />
          <FormField name="name" label="Name" error={form.fieldError("name")}>
            <Input defaultValue={form.value("name")} maxLength={60} placeholder="e.g. Workflow editor" />
          </FormField>
          <FormField
            name="description"
            label="What it is for"
            optional
            error={form.fieldError("description")}
          >
            <Textarea defaultValue={form.value("description")} maxLength={300} rows={2} />
          </FormField>
          <FormField
            name="copy_from"
            label="Start from"
            hint="Its permissions start as that role's; tick and untick them next."
            error={form.fieldError("copy_from")}
          >
            <NativeSelect defaultValue={form.value("copy_from", "viewer")}>
              {ASSIGNABLE_ROLES.map((role) => (
                <option key={role} value={role}>
                  {roleLabels[role]}
                </option>
              ))}
              <option value="none">No permissions</option>
            </NativeSelect>
          </FormField>
        </CardContent>
        <CardFooter className="justify-end">
          <SubmitButton pendingLabel="Creating…">Create role</SubmitButton>
        </CardFooter>
      </form>
    </Card>
  );
}

/** A custom role's name and description, and deleting it (its members go back to their base role). */
export function EditCustomRoleForm({
  slug,
  role,
}: {
  slug: string;
  role: { id: string; name: string; description: string; members: number };
}) {
  const router = useRouter();
  const form = useActionForm(updateCustomRoleAction, {
    onSuccess: (_data, message) => toast.success(message ?? "Saved."),
  });
  return (
    <Card>
      <form id={form.formId} action={form.formAction} noValidate>
        <input type="hidden" name="organization" value={slug} />
        <input type="hidden" name="id" value={role.id} />
        <CardContent className="flex flex-col gap-5">
          <FormAlert result={form.result} />
          <FormField name="name" id={`${role.id}-name`} label="Name" error={form.fieldError("name")}>
            <Input defaultValue={form.value("name", role.name)} maxLength={60} />
          </FormField>
          <FormField
            name="description"
            id={`${role.id}-description`}
            label="What it is for"
            optional
            error={form.fieldError("description")}
          >
            <Textarea defaultValue={form.value("description", role.description)} maxLength={300} rows={2} />
          </FormField>
        </CardContent>
        <CardFooter className="justify-end">
          <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
        </CardFooter>
      </form>
      {/* Outside the form above: the dialog has a form of its own. */}
      <CardFooter className="justify-start border-t pt-4">
        <ActionDialogButton
          trigger={{
            variant: "outline",
            size: "sm",
            children: (
              <>
                <Trash2 aria-hidden="true" />
                Delete role
              </>
            ),
          }}
          title={`Delete the role “${role.name}”?`}
          description={
            role.members > 0
              ? `${role.members} member${role.members === 1 ? " has" : "s have"} this role. They go back to the permissions of their base role.`
              : "Nobody has this role yet."
          }
          action={deleteCustomRoleAction}
          fields={{ organization: slug, id: role.id }}
          submitLabel="Delete role"
          pendingLabel="Deleting…"
          variant="destructive"
          onSuccess={(data) => router.push(data.href)}
        />
      </CardFooter>
    </Card>
  );
}
