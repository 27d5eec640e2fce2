"use client";

import { useActionForm } from "@/components/forms/use-action-form";
import { useToastAction } from "@/components/forms/use-toast-action";
import { NativeSelect } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { mapGhlUserAction } from "@/lib/integrations/actions";

export type TeamMemberOption = { id: string; label: string; mappedTo: string | null };

/**
 * One unknown GHL user's row: pick the team member they are, then Map. The team member's
 * external id becomes the GHL user id and the user's unassigned sales get their commissions.
 */
export function MapGhlUserForm({
  slug,
  ghlUserId,
  teamMembers,
}: {
  slug: string;
  ghlUserId: string;
  teamMembers: TeamMemberOption[];
}) {
  const form = useActionForm(useToastAction(mapGhlUserAction));
  const selectId = `map-${ghlUserId}`;
  const error =
    form.fieldError("team_member_id") ?? (form.result && !form.result.ok ? form.result.error.message : null);
  return (
    <form id={form.formId} action={form.formAction} noValidate className="flex flex-col gap-1.5">
      <input type="hidden" name="organization" value={slug} />
      <input type="hidden" name="ghl_user_id" value={ghlUserId} />
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={selectId} className="sr-only">
          Team member for GHL user {ghlUserId}
        </label>
        <NativeSelect
          id={selectId}
          name="team_member_id"
          defaultValue=""
          className="min-w-48 flex-1"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${selectId}-error` : undefined}
          required
        >
          <option value="" disabled>
            Choose a team member…
          </option>
          {teamMembers.map((m) => (
            <option key={m.id} value={m.id} disabled={m.mappedTo !== null && m.mappedTo !== ghlUserId}>
              {m.label}
              {m.mappedTo ? ` (mapped to ${m.mappedTo})` : ""}
            </option>
          ))}
        </NativeSelect>
        <SubmitButton size="sm" pendingLabel="Mapping…">
          Map
        </SubmitButton>
      </div>
      {error ? (
        <p id={`${selectId}-error`} className="text-[13px] font-medium text-destructive">
          {error}
        </p>
      ) : null}
    </form>
  );
}
