"use client";

import * as React from "react";
import { Trash2 } from "lucide-react";
import { ActionDialogButton } from "@/components/forms/action-dialog";
import { ActionCard } from "@/components/ui/action-card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { deleteOrganizationAction } from "@/lib/organizations/actions/organizations";

/** The danger zone: deleting the organization, confirmed by typing its URL name. */
export function DeleteOrganization({ organization }: { organization: { name: string; slug: string } }) {
  const [typed, setTyped] = React.useState("");
  return (
    <ActionCard
      className="border-destructive/40"
      title="Delete this organization"
      description="Deletes its members' access, team, API keys and audit log for good. This can't be undone."
      action={
        <ActionDialogButton
          trigger={{
            variant: "destructive",
            children: (
              <>
                <Trash2 aria-hidden="true" />
                Delete organization
              </>
            ),
          }}
          onOpen={() => setTyped("")}
          title={`Delete ${organization.name}?`}
          description="Everything in it is deleted at once, for everyone, and can't be recovered."
          action={deleteOrganizationAction}
          fields={{ organization: organization.slug }}
          submitLabel="Delete for good"
          pendingLabel="Deleting…"
          variant="destructive"
          canSubmit={typed.trim() === organization.slug}
        >
          {(form) => (
            <FormField
              name="confirm"
              label={
                <span>
                  Type <span className="font-mono font-semibold">{organization.slug}</span> to confirm
                </span>
              }
              error={form.fieldError("confirm")}
            >
              <Input
                value={typed}
                onChange={(e) => setTyped(e.currentTarget.value)}
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
                className="font-mono"
              />
            </FormField>
          )}
        </ActionDialogButton>
      }
    />
  );
}
