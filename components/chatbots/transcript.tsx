"use client";

import * as React from "react";
import { Bot, BookOpen, Headset, Lock, User } from "lucide-react";
import { cn } from "@/lib/utils/cn";

export type TranscriptSource = { title: string; score?: number | null; page?: number | null };

export type TranscriptMessage = {
  id: string;
  /** "note": the team's private note (the inbox), never sent to the visitor. */
  role: "user" | "bot" | "agent" | "note";
  content: string;
  createdAt: string;
  sources?: readonly TranscriptSource[];
  choices?: readonly string[] | null;
  authorName?: string | null;
};

const roleNames = { user: "Visitor", bot: "Bot", agent: "Agent", note: "Private note" } as const;

/**
 * A conversation as the team reads it: visitor on the left, bot and agents on the right, the
 * knowledge-base sources a bot answer cited under it. New messages are announced politely and the
 * view follows them while the reader is at the bottom.
 */
export function Transcript({
  messages,
  emptyText = "No messages yet.",
  className,
  onChoice,
  busy,
}: {
  messages: readonly TranscriptMessage[];
  /** A message is still being written (streamed): screen readers wait to read it whole. */
  busy?: boolean;
  emptyText?: string;
  className?: string;
  /** Quick replies become buttons (the test chat); elsewhere they are listed. */
  onChoice?: (choice: string) => void;
}) {
  const endRef = React.useRef<HTMLDivElement>(null);
  const listRef = React.useRef<HTMLOListElement>(null);
  const count = messages.length;
  React.useEffect(() => {
    const list = listRef.current?.parentElement;
    if (!list) return;
    const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 160;
    if (nearBottom || count <= 1) endRef.current?.scrollIntoView({ block: "end" });
  }, [count]);

  if (count === 0) return <p className="p-4 text-sm text-muted-foreground">{emptyText}</p>;
  const last = messages[count - 1];
  return (
    <>
      <ol
        ref={listRef}
        aria-label="Messages"
        aria-live="polite"
        aria-busy={busy || undefined}
        className={cn("flex flex-col gap-3 p-3", className)}
      >
        {messages.map((m) => {
          const Icon = m.role === "user" ? User : m.role === "bot" ? Bot : m.role === "note" ? Lock : Headset;
          const mine = m.role !== "user";
          return (
            <li
              key={m.id}
              data-role={m.role}
              className={cn("flex max-w-[85%] gap-2", mine ? "flex-row-reverse self-end" : "self-start")}
            >
              <span
                className={cn(
                  "mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-full",
                  m.role === "user"
                    ? "bg-muted"
                    : m.role === "bot"
                      ? "bg-primary/10 text-primary"
                      : m.role === "note"
                        ? "bg-amber-500/15 text-amber-700 dark:text-amber-300"
                        : "bg-emerald-500/15 text-emerald-700 dark:text-emerald-300",
                )}
                aria-hidden="true"
              >
                <Icon className="size-3.5" />
              </span>
              <div className={cn("flex min-w-0 flex-col gap-1", mine && "items-end")}>
                <span className="text-[11px] text-muted-foreground">
                  {m.role === "agent" && m.authorName
                    ? `${m.authorName} (agent)`
                    : m.role === "note"
                      ? `Private note${m.authorName ? ` by ${m.authorName}` : ""}, only your team sees it`
                      : roleNames[m.role]}{" "}
                  ·{" "}
                  <time dateTime={m.createdAt}>
                    {new Date(m.createdAt).toLocaleTimeString(undefined, {
                      hour: "2-digit",
                      minute: "2-digit",
                    })}
                  </time>
                </span>
                <p
                  className={cn(
                    "rounded-2xl px-3 py-2 text-sm break-words whitespace-pre-wrap",
                    m.role === "user"
                      ? "bg-muted"
                      : m.role === "bot"
                        ? "bg-primary text-primary-foreground"
                        : m.role === "note"
                          ? "border border-dashed border-amber-400 bg-amber-50 text-amber-950 dark:bg-amber-950/40 dark:text-amber-100"
                          : "bg-emerald-600 text-white",
                  )}
                >
                  {m.content}
                </p>
                {m.sources && m.sources.length > 0 ? (
                  <ul className="flex flex-wrap gap-1" aria-label="Sources">
                    {m.sources.map((s, i) => (
                      <li
                        key={i}
                        className="inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-[11px] text-muted-foreground"
                      >
                        <BookOpen className="size-3" aria-hidden="true" />
                        {s.title}
                        {s.page ? `, p. ${s.page}` : ""}
                        {typeof s.score === "number" ? ` (${s.score.toFixed(2)})` : ""}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {m.choices && m.choices.length > 0 && m === last ? (
                  <ul className="flex flex-wrap justify-end gap-1" aria-label="Quick replies">
                    {m.choices.map((choice) => (
                      <li key={choice}>
                        {onChoice ? (
                          <button
                            type="button"
                            onClick={() => onChoice(choice)}
                            className="rounded-full border px-2.5 py-1 text-xs outline-none hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/50"
                          >
                            {choice}
                          </button>
                        ) : (
                          <span className="rounded-full border px-2.5 py-1 text-xs text-muted-foreground">
                            {choice}
                          </span>
                        )}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </div>
            </li>
          );
        })}
      </ol>
      <div ref={endRef} />
    </>
  );
}
