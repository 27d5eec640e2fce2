"use client";

import * as React from "react";
import Link from "next/link";
import { AlarmClock, ArrowLeft, CheckCircle2, Flag, Headset, RotateCcw } from "lucide-react";
import { toast } from "sonner";
import { ActionDialogButton } from "@/components/forms/action-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { NativeSelect } from "@/components/ui/select";
import { callAction } from "@/components/workflows/call-action";
import type { ActionResult } from "@/lib/actions/action";
import { Transcript, type TranscriptMessage } from "@/components/chatbots/transcript";
import { closeSessionAction, handOffAction } from "@/lib/chatbots/console-actions";
import { assignAction, reopenAction, snoozeAction } from "@/lib/inbox/actions";
import type { CannedReply } from "@/lib/inbox/schemas";
import type { InboxMessage, InboxNote, InboxSession } from "@/lib/inbox/view";
import { Composer } from "./composer";
import { ContactPanel } from "./contact-panel";
import { StatusBadge, type InboxPermissions } from "./status-badge";

/** Snooze choices, as times in the browser's own zone. */
function snoozeChoices(now = new Date()): { label: string; until: Date }[] {
  const tomorrow = new Date(now);
  tomorrow.setDate(now.getDate() + 1);
  tomorrow.setHours(9, 0, 0, 0);
  const nextWeek = new Date(tomorrow);
  nextWeek.setDate(tomorrow.getDate() + ((8 - tomorrow.getDay()) % 7 || 7) - 1);
  return [
    { label: "For 1 hour", until: new Date(now.getTime() + 3_600_000) },
    { label: "For 4 hours", until: new Date(now.getTime() + 4 * 3_600_000) },
    { label: "Until tomorrow, 9:00", until: tomorrow },
    { label: "Until next Monday, 9:00", until: nextWeek },
  ];
}

/** Messages and private notes in the order they were written. */
function timeline(messages: InboxMessage[], notes: InboxNote[]): TranscriptMessage[] {
  const items: TranscriptMessage[] = [
    ...messages,
    ...notes.map((n) => ({
      id: n.id,
      role: "note" as const,
      content: n.content,
      createdAt: n.createdAt,
      authorName: n.authorName,
    })),
  ];
  return items.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/**
 * One conversation in the inbox: who and where (the contact beside it), its status, who it is
 * assigned to, take over / snooze / resolve / reopen, the transcript with the team's private
 * notes, and the reply box (always in view).
 */
export function Conversation({
  slug,
  session,
  messages,
  notes,
  members,
  cannedReplies,
  backHref,
  permissions,
  onChanged,
}: {
  slug: string;
  session: InboxSession;
  messages: InboxMessage[];
  notes: InboxNote[];
  members: { user_id: string; name: string }[];
  cannedReplies: CannedReply[];
  backHref: string;
  permissions: InboxPermissions;
  onChanged: () => void;
}) {
  const resolved = session.inboxStatus === "resolved";
  return (
    <>
      <ConversationHeader
        slug={slug}
        session={session}
        members={members}
        backHref={backHref}
        permissions={permissions}
        onChanged={onChanged}
      />
      <div className="relative flex min-h-0 flex-1">
        <div className="flex min-w-0 flex-1 flex-col">
          <div className="min-h-0 flex-1 overflow-y-auto" data-transcript="">
            <Transcript messages={timeline(messages, notes)} />
          </div>
          {resolved ? (
            <p className="border-t px-3 py-2 text-sm text-muted-foreground">
              This conversation is resolved. Reopen it to write again.
            </p>
          ) : permissions.reply ? (
            <Composer
              slug={slug}
              sessionId={session.id}
              botAnswering={session.inboxStatus === "pending"}
              cannedReplies={cannedReplies}
              onSent={onChanged}
            />
          ) : (
            <p className="border-t px-3 py-2 text-sm text-muted-foreground">
              Your role can read conversations but not reply.
            </p>
          )}
        </div>
        <ContactPanel slug={slug} session={session} />
      </div>
    </>
  );
}

type Run = <T>(promise: Promise<ActionResult<T>>) => Promise<void>;

function ConversationHeader({
  slug,
  session,
  members,
  backHref,
  permissions,
  onChanged,
}: {
  slug: string;
  session: InboxSession;
  members: { user_id: string; name: string }[];
  backHref: string;
  permissions: InboxPermissions;
  onChanged: () => void;
}) {
  const run: Run = async (promise) => {
    const result = await promise.catch(() => null);
    if (!result || !result.ok)
      return void toast.error(result ? result.error.message : "Could not reach the server.");
    if (result.message) toast.success(result.message);
    onChanged();
  };

  return (
    <header className="flex flex-wrap items-center gap-2 border-b px-3 py-2">
      <Button asChild variant="ghost" size="icon-sm" className="lg:hidden">
        <Link href={backHref} aria-label="Back to conversations">
          <ArrowLeft aria-hidden="true" />
        </Link>
      </Button>
      <div className="mr-auto min-w-0">
        <h2 className="truncate text-sm font-semibold">{session.contact}</h2>
        <p className="text-xs text-muted-foreground">
          {session.botName}
          {session.inboxStatus === "snoozed" && session.snoozedUntil
            ? ` · snoozed until ${new Date(session.snoozedUntil).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })}`
            : ""}
        </p>
      </div>
      <StatusBadge status={session.inboxStatus} />
      {session.goalReached ? (
        <Badge variant="success">
          <Flag aria-hidden="true" />
          Goal reached
        </Badge>
      ) : null}
      {permissions.update ? (
        <>
          <label htmlFor="conversation-assignee" className="sr-only">
            Assign to
          </label>
          <NativeSelect
            id="conversation-assignee"
            value={session.assigneeId ?? ""}
            onChange={(e) =>
              void run(
                callAction(assignAction, {
                  organization: slug,
                  session_id: session.id,
                  assignee: e.target.value,
                }),
              )
            }
            className="h-8 w-auto max-w-44"
          >
            <option value="">Unassigned</option>
            {members.map((m) => (
              <option key={m.user_id} value={m.user_id}>
                {m.name}
              </option>
            ))}
          </NativeSelect>
        </>
      ) : session.assigneeName ? (
        <span className="text-xs text-muted-foreground">Assigned to {session.assigneeName}</span>
      ) : null}
      {permissions.update ? (
        <StatusActions slug={slug} session={session} run={run} onChanged={onChanged} />
      ) : null}
    </header>
  );
}

/** Take over, snooze, reopen and resolve: what the status allows. */
function StatusActions({
  slug,
  session,
  run,
  onChanged,
}: {
  slug: string;
  session: InboxSession;
  run: Run;
  onChanged: () => void;
}) {
  const resolved = session.inboxStatus === "resolved";
  return (
    <>
      {session.inboxStatus === "pending" ? (
        <Button
          variant="outline"
          size="sm"
          onClick={() => void run(callAction(handOffAction, { organization: slug, session_id: session.id }))}
        >
          <Headset aria-hidden="true" />
          Take over
        </Button>
      ) : null}
      {!resolved ? (
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button variant="outline" size="sm">
              <AlarmClock aria-hidden="true" />
              Snooze
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="end">
            <DropdownMenuLabel>Back in the open list…</DropdownMenuLabel>
            <DropdownMenuSeparator />
            {snoozeChoices().map((choice) => (
              <DropdownMenuItem
                key={choice.label}
                onSelect={() =>
                  void run(
                    callAction(snoozeAction, {
                      organization: slug,
                      session_id: session.id,
                      until: choice.until.toISOString(),
                    }),
                  )
                }
              >
                {choice.label}
              </DropdownMenuItem>
            ))}
          </DropdownMenuContent>
        </DropdownMenu>
      ) : null}
      {resolved || session.inboxStatus === "snoozed" ? (
        <Button
          variant="outline"
          size="sm"
          onClick={() => void run(callAction(reopenAction, { organization: slug, session_id: session.id }))}
        >
          <RotateCcw aria-hidden="true" />
          Reopen
        </Button>
      ) : null}
      {!resolved ? (
        <ActionDialogButton
          trigger={{
            variant: "outline",
            size: "sm",
            children: (
              <>
                <CheckCircle2 aria-hidden="true" />
                Resolve…
              </>
            ),
          }}
          title="Resolve this conversation?"
          description="The visitor can no longer write in it (they start a new conversation from the website); you can reopen it."
          action={closeSessionAction}
          fields={{ organization: slug, session_id: session.id }}
          submitLabel="Resolve conversation"
          pendingLabel="Resolving…"
          onSuccess={onChanged}
        />
      ) : null}
    </>
  );
}
