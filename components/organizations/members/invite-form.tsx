"use client";

import { toast } from "sonner";
import { FormAlert } from "@/components/forms/form-alert";
import { useActionForm } from "@/components/forms/use-action-form";
import { RoleSelect } from "@/components/organizations/members/role-select";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { inviteMemberAction } from "@/lib/organizations/actions/members";
import { ASSIGNABLE_ROLES } from "@/lib/organizations/schema";

/**
 * Invite someone by email with a role. Shows the seats the plan has left; when they are used up
 * it says so before anyone types, and the server's own message if an invitation is refused.
 */
export function InviteForm({ slug, seats }: { slug: string; seats: { used: number; max: number } | null }) {
  const form = useActionForm(inviteMemberAction, {
    onSuccess: (_data, message) => toast.success(message ?? "Invitation sent."),
  });
  const full = seats !== null && seats.used >= seats.max;

  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Invite a member</CardTitle>
        <CardDescription>
          They get an email with a link to join. It works for 7 days.
          {seats ? (
            <>
              {" "}
              <span className="font-medium text-foreground tabular-nums">
                {seats.used} of {seats.max}
              </span>{" "}
              seats used, open invitations included.
            </>
          ) : null}
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form id={form.formId} action={form.formAction} noValidate className="flex flex-col gap-4">
          <input type="hidden" name="organization" value={slug} />
          {full ? (
            <Alert variant="warning" title="Every seat on your plan is taken">
              Remove a member or revoke an open invitation to invite someone else, or upgrade the plan.
            </Alert>
          ) : null}
          <FormAlert result={form.result} />
          <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_12rem_auto] sm:items-start">
            <FormField name="email" label="Email address" error={form.fieldError("email")} required>
              <Input
                // A new key after each success empties the field for the next address.
                key={form.result?.ok ? `sent-${form.value("email")}` : "email"}
                type="email"
                inputMode="email"
                autoComplete="off"
                placeholder="teammate@company.com"
                defaultValue={form.result?.ok ? "" : form.value("email")}
                required
              />
            </FormField>
            <FormField name="role" label="Role" error={form.fieldError("role")}>
              <RoleSelect
                key={form.value("role", "viewer")}
                roles={ASSIGNABLE_ROLES}
                defaultValue={form.value("role", "viewer")}
              />
            </FormField>
            <SubmitButton className="sm:mt-6" pendingLabel="Sending…">
              Send invitation
            </SubmitButton>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
