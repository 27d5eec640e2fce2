"use client";

import { MessageSquareText, Pencil, Plus } from "lucide-react";
import { ActionDialogButton, type ActionForm } from "@/components/forms/action-dialog";
import { DeleteDialogButton } from "@/components/forms/delete-dialog-button";
import { EmptyState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import {
  createCannedReplyAction,
  deleteCannedReplyAction,
  updateCannedReplyAction,
} from "@/lib/inbox/actions";
import type { CannedReply } from "@/lib/inbox/schemas";

function Fields({ form, values }: { form: ActionForm; values: { shortcut: string; content: string } }) {
  return (
    <>
      <FormField
        name="shortcut"
        label="Shortcut"
        hint="Typed after / in the reply box, e.g. hours. Letters, digits, - and _."
        error={form.fieldError("shortcut")}
        required
      >
        <Input defaultValue={form.value("shortcut", values.shortcut)} maxLength={41} autoComplete="off" />
      </FormField>
      <FormField name="content" label="Reply" error={form.fieldError("content")} required>
        <Textarea defaultValue={form.value("content", values.content)} rows={5} maxLength={4000} />
      </FormField>
    </>
  );
}

/**
 * The organization's canned replies: saved answers the team inserts in the inbox with "/" and the
 * shortcut, or from the picker. Adding, editing and deleting follow the permission matrix.
 */
export function CannedReplies({
  slug,
  replies,
  permissions,
}: {
  slug: string;
  replies: CannedReply[];
  permissions: { create: boolean; update: boolean; delete: boolean };
}) {
  return (
    <div className="flex flex-col gap-4">
      {permissions.create ? (
        <div>
          <ActionDialogButton
            trigger={{
              children: (
                <>
                  <Plus aria-hidden="true" />
                  New canned reply
                </>
              ),
            }}
            className="max-w-lg"
            title="New canned reply"
            description="Your team inserts it in the inbox by typing / and the shortcut."
            action={createCannedReplyAction}
            fields={{ organization: slug }}
            submitLabel="Save"
            pendingLabel="Saving…"
          >
            {(form) => <Fields form={form} values={{ shortcut: "", content: "" }} />}
          </ActionDialogButton>
        </div>
      ) : null}
      {replies.length === 0 ? (
        <EmptyState
          icon={MessageSquareText}
          title="No canned replies yet"
          description="Save the answers your team gives again and again (opening hours, prices, next steps)."
        />
      ) : (
        <ul className="divide-y rounded-xl border" aria-label="Canned replies">
          {replies.map((r) => (
            <li key={r.id} className="flex items-start gap-3 p-3">
              <div className="min-w-0 flex-1">
                <p className="font-mono text-sm font-medium">/{r.shortcut}</p>
                <p className="text-sm break-words whitespace-pre-wrap text-muted-foreground">{r.content}</p>
              </div>
              {permissions.update ? (
                <ActionDialogButton
                  trigger={{
                    variant: "ghost",
                    size: "icon-sm",
                    "aria-label": `Edit /${r.shortcut}`,
                    children: <Pencil aria-hidden="true" />,
                  }}
                  className="max-w-lg"
                  title={`Edit /${r.shortcut}`}
                  action={updateCannedReplyAction}
                  fields={{ organization: slug, id: r.id }}
                  submitLabel="Save changes"
                  pendingLabel="Saving…"
                >
                  {(form) => <Fields form={form} values={r} />}
                </ActionDialogButton>
              ) : null}
              {permissions.delete ? (
                <DeleteDialogButton
                  label={`Delete /${r.shortcut}`}
                  title={`Delete /${r.shortcut}?`}
                  description="Your team can no longer insert it. Replies already sent stay as they are."
                  action={deleteCannedReplyAction}
                  fields={{ organization: slug, id: r.id }}
                  submitLabel="Delete"
                />
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
