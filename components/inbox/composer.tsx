"use client";

import * as React from "react";
import { Lock, MessageSquareText, Send } from "lucide-react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Textarea } from "@/components/ui/textarea";
import { callAction } from "@/components/workflows/call-action";
import { replyAction } from "@/lib/chatbots/console-actions";
import { addNoteAction } from "@/lib/inbox/actions";
import type { CannedReply } from "@/lib/inbox/schemas";
import { cn } from "@/lib/utils/cn";

/** The "/word" being typed at the caret, if any (at the start or after a space). */
export function slashQuery(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|\s)\/([a-z0-9_-]*)$/i.exec(text.slice(0, caret));
  return match ? { start: caret - match[2]!.length - 1, query: match[2]!.toLowerCase() } : null;
}

/**
 * The text of the reply box with canned replies: "/" and a shortcut at the caret offers the
 * matching ones (arrows move, Enter or Tab insert, Escape dismisses), `insert` puts one in.
 */
function useCannedBox(cannedReplies: CannedReply[], ref: React.RefObject<HTMLTextAreaElement | null>) {
  const [text, setText] = React.useState("");
  const [caret, setCaret] = React.useState(0);
  const [active, setActive] = React.useState(0);
  const [dismissed, setDismissed] = React.useState<number | null>(null);
  const slash = slashQuery(text, caret);
  const matches =
    slash && slash.start !== dismissed
      ? cannedReplies.filter((r) => r.shortcut.startsWith(slash.query)).slice(0, 8)
      : [];
  const open = matches.length > 0;

  function insert(reply: CannedReply, at?: { start: number; end: number }) {
    const el = ref.current;
    const range = at ?? { start: el?.selectionStart ?? text.length, end: el?.selectionEnd ?? text.length };
    const position = range.start + reply.content.length;
    setText(text.slice(0, range.start) + reply.content + text.slice(range.end));
    setCaret(position);
    setActive(0);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(position, position);
    });
  }

  /** Handles the key when the list is open; true when it did. */
  function onKeyDown(event: React.KeyboardEvent<HTMLTextAreaElement>): boolean {
    if (!open || !slash) return false;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((i) => (i + step + matches.length) % matches.length);
    } else if (event.key === "Enter" || event.key === "Tab") {
      insert(matches[Math.min(active, matches.length - 1)]!, { start: slash.start, end: caret });
    } else if (event.key === "Escape") {
      setDismissed(slash.start);
    } else return false;
    event.preventDefault();
    return true;
  }

  return {
    text,
    caret,
    setCaret,
    slash,
    matches,
    open,
    active,
    insert,
    onKeyDown,
    onChange: (event: React.ChangeEvent<HTMLTextAreaElement>) => {
      setText(event.target.value);
      setCaret(event.target.selectionStart);
      setActive(0);
    },
    clear: () => {
      setText("");
      setCaret(0);
    },
  };
}

function hint(note: boolean, botAnswering: boolean): string {
  if (note) return "Private note: only your team sees it; the visitor never does.";
  return botAnswering
    ? "The bot is still answering. Replying takes the conversation over."
    : "The visitor sees your reply in the chat.";
}

/**
 * The reply box: a reply to the visitor, or a private note for the team (visibly different, never
 * sent). Canned replies go in with "/" and their shortcut (arrows, Enter or Tab to pick) or from
 * the picker. Ctrl+Enter sends.
 */
export function Composer({
  slug,
  sessionId,
  botAnswering,
  cannedReplies,
  onSent,
}: {
  slug: string;
  sessionId: string;
  botAnswering: boolean;
  cannedReplies: CannedReply[];
  onSent: () => void;
}) {
  const [mode, setMode] = React.useState<"reply" | "note">("reply");
  const [sending, setSending] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const ref = React.useRef<HTMLTextAreaElement>(null);
  const box = useCannedBox(cannedReplies, ref);
  const { text, open, slash, matches, active } = box;
  const note = mode === "note";

  async function send(event: React.FormEvent | React.KeyboardEvent) {
    event.preventDefault();
    if (!text.trim()) return setError(note ? "Write the note first." : "Write a reply first.");
    setSending(true);
    setError(null);
    const fields = { organization: slug, session_id: sessionId, text };
    const result = await (note ? callAction(addNoteAction, fields) : callAction(replyAction, fields)).catch(
      () => null,
    );
    setSending(false);
    if (!result || !result.ok)
      return setError(result ? result.error.message : "Could not reach the server. Try again.");
    box.clear();
    onSent();
  }

  const listId = `canned-${sessionId}`;
  return (
    <form
      onSubmit={(e) => void send(e)}
      className={cn(
        "relative flex shrink-0 flex-col gap-2 border-t p-3",
        note && "bg-amber-50 dark:bg-amber-950/30",
      )}
      noValidate
    >
      <div className="flex flex-wrap items-center gap-1" role="group" aria-label="Write">
        <ModeToggle note={note} onMode={setMode} />
        <CannedPicker replies={cannedReplies} onPick={(r) => box.insert(r)} />
      </div>
      <p className="text-xs text-muted-foreground">{hint(note, botAnswering)}</p>
      {open ? (
        <SlashList
          id={listId}
          matches={matches}
          active={active}
          onPick={(r) => slash && box.insert(r, { start: slash.start, end: box.caret })}
        />
      ) : null}
      <label htmlFor="agent-reply" className="sr-only">
        {note ? "Private note for the team" : "Reply to the visitor"}
      </label>
      <div className="flex items-end gap-2">
        <Textarea
          id="agent-reply"
          ref={ref}
          value={text}
          rows={2}
          maxLength={4000}
          placeholder={note ? "Note for your team…" : "Reply to the visitor… (/ for canned replies)"}
          role="combobox"
          aria-expanded={open}
          aria-controls={open ? listId : undefined}
          aria-autocomplete="list"
          aria-activedescendant={
            open ? `${listId}-${matches[Math.min(active, matches.length - 1)]!.id}` : undefined
          }
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "agent-reply-error" : undefined}
          onChange={box.onChange}
          onSelect={(event) => box.setCaret(event.currentTarget.selectionStart)}
          onKeyDown={(event) => {
            if (box.onKeyDown(event)) return;
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) void send(event);
          }}
          className={cn("max-h-40 min-h-16", note && "border-amber-400 bg-background")}
        />
        <Button type="submit" disabled={sending}>
          {note ? <Lock aria-hidden="true" /> : <Send aria-hidden="true" />}
          {sending ? "Saving…" : note ? "Add note" : "Send"}
        </Button>
      </div>
      {error ? (
        <p id="agent-reply-error" role="alert" className="text-[13px] font-medium text-destructive">
          {error}
        </p>
      ) : null}
    </form>
  );
}

function ModeToggle({ note, onMode }: { note: boolean; onMode: (mode: "reply" | "note") => void }) {
  return (
    <>
      <Button
        type="button"
        size="sm"
        variant={note ? "ghost" : "secondary"}
        aria-pressed={!note}
        onClick={() => onMode("reply")}
      >
        Reply
      </Button>
      <Button
        type="button"
        size="sm"
        variant={note ? "secondary" : "ghost"}
        aria-pressed={note}
        onClick={() => onMode("note")}
      >
        <Lock aria-hidden="true" />
        Private note
      </Button>
    </>
  );
}

function CannedPicker({
  replies: cannedReplies,
  onPick,
}: {
  replies: CannedReply[];
  onPick: (r: CannedReply) => void;
}) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button type="button" size="sm" variant="ghost" className="ml-auto">
          <MessageSquareText aria-hidden="true" />
          Canned replies
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="max-w-80">
        <DropdownMenuLabel>Insert a canned reply (or type / in the box)</DropdownMenuLabel>
        <DropdownMenuSeparator />
        {cannedReplies.length === 0 ? (
          <p className="px-2 py-1.5 text-sm text-muted-foreground">
            None yet: add them under Canned replies.
          </p>
        ) : (
          cannedReplies.map((r) => (
            <DropdownMenuItem key={r.id} onSelect={() => onPick(r)} className="flex-col items-start gap-0.5">
              <span className="font-medium">/{r.shortcut}</span>
              <span className="line-clamp-2 text-xs text-muted-foreground">{r.content}</span>
            </DropdownMenuItem>
          ))
        )}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

function SlashList({
  id,
  matches,
  active,
  onPick,
}: {
  id: string;
  matches: CannedReply[];
  active: number;
  onPick: (r: CannedReply) => void;
}) {
  return (
    <ul
      id={id}
      role="listbox"
      aria-label="Canned replies"
      className="absolute right-3 bottom-full left-3 z-10 mb-1 max-h-56 overflow-y-auto rounded-lg border bg-popover p-1 shadow-lg"
    >
      {matches.map((r, i) => (
        <li
          key={r.id}
          id={`${id}-${r.id}`}
          role="option"
          aria-selected={i === active}
          onMouseDown={(e) => {
            e.preventDefault();
            onPick(r);
          }}
          className={cn("cursor-default rounded-sm px-2 py-1.5 text-sm", i === active && "bg-accent")}
        >
          <span className="font-medium">/{r.shortcut}</span>{" "}
          <span className="text-muted-foreground">{r.content.slice(0, 80)}</span>
        </li>
      ))}
    </ul>
  );
}
