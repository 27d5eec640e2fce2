"use client";

import * as React from "react";
import { RotateCcw, Send, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { callAction } from "@/components/workflows/call-action";
import { startTestChatAction } from "@/lib/chatbots/console-actions";
import type { TestChatMessage, TestChatReply } from "@/lib/chatbots/test-chat";
import { postForEvents } from "@/lib/http/event-stream-client";
import { cn } from "@/lib/utils/cn";
import { Transcript } from "./transcript";

type Session = { id: string; token: string; status: "active" | "handed_off" | "closed" };

const statusNotes = {
  active: null,
  handed_off: "Handed off: on the website a person from your team would answer now.",
  closed: "This conversation is closed.",
} as const;

/** The member's message and the bot's answer while an LLM writes it (before the turn is stored). */
type Live = { user: string; sources: { title: string }[]; text: string };

function liveMessages(live: Live): TestChatMessage[] {
  const at = new Date().toISOString();
  const base = { seq: 0, createdAt: at, choices: null, authorName: null };
  const user: TestChatMessage = { ...base, id: "live-user", role: "user", content: live.user, sources: [] };
  if (!live.text) return [user];
  const sources = live.sources.map((s) => ({ title: s.title, score: 0, page: null }));
  return [user, { ...base, id: "live-bot", role: "bot", content: live.text, sources }];
}

/**
 * Chat with the bot as a visitor would, on the flow as saved (the draft, autosaved as you edit),
 * through the same runtime as the website widget. "Restart" starts a new conversation. Messages
 * go to the streamed route: with an LLM configured the answer appears as it is written.
 */
export function TestChat({
  slug,
  botId,
  restartKey,
  onClose,
  className,
}: {
  slug: string;
  botId: string;
  /** Changes when the flow is saved: offers to restart on the new flow. */
  restartKey: number;
  onClose?: () => void;
  className?: string;
}) {
  const [session, setSession] = React.useState<Session | null>(null);
  const [messages, setMessages] = React.useState<TestChatMessage[]>([]);
  const [text, setText] = React.useState("");
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const [goal, setGoal] = React.useState(false);
  const [startedAt, setStartedAt] = React.useState(restartKey);
  const [live, setLive] = React.useState<Live | null>(null);
  const inputRef = React.useRef<HTMLInputElement>(null);

  const start = React.useCallback(async () => {
    setBusy(true);
    setError(null);
    setGoal(false);
    const result = await callAction(startTestChatAction, { organization: slug, bot_id: botId }).catch(
      () => null,
    );
    setBusy(false);
    if (!result || !result.ok) {
      setError(result ? result.error.message : "Could not reach the server. Try again.");
      return;
    }
    setSession({ id: result.data.sessionId, token: result.data.token, status: result.data.status });
    setMessages(result.data.messages);
    setStartedAt(restartKey);
    requestAnimationFrame(() => inputRef.current?.focus());
  }, [slug, botId, restartKey]);

  const send = React.useCallback(
    async (message: string) => {
      const content = message.trim();
      if (!content || !session || busy) return;
      setBusy(true);
      setError(null);
      setLive({ user: content, sources: [], text: "" });
      const result = await postForEvents<TestChatReply>(
        `/o/${slug}/bots/${botId}/test-chat`,
        { session_id: session.id, token: session.token, text: content },
        (event, data) => {
          if (event === "sources") {
            const { sources } = data as { sources: { title: string }[] };
            setLive((l) => (l ? { ...l, sources } : l));
          } else if (event === "delta") {
            const piece = (data as { text: string }).text;
            setLive((l) => (l ? { ...l, text: l.text + piece } : l));
          }
        },
      ).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
      setBusy(false);
      setLive(null);
      if (result instanceof Error) {
        setError(result.message || "Could not reach the server. Try again.");
        return;
      }
      setText("");
      setMessages((current) => [...current, ...result.messages]);
      setSession({ ...session, status: result.status });
      if (result.goalReached) setGoal(true);
      requestAnimationFrame(() => inputRef.current?.focus());
    },
    [slug, botId, session, busy],
  );

  const stale = session !== null && restartKey !== startedAt;
  const note = session ? statusNotes[session.status] : null;

  return (
    <section
      aria-labelledby="test-chat-title"
      data-test-chat=""
      className={cn("flex min-h-0 flex-col border-l bg-background", className)}
    >
      <div className="flex items-center gap-2 border-b px-3 py-2">
        <h2 id="test-chat-title" className="mr-auto text-sm font-semibold">
          Test chat
        </h2>
        {session ? (
          <Button variant="ghost" size="sm" onClick={() => void start()} disabled={busy}>
            <RotateCcw aria-hidden="true" />
            Restart
          </Button>
        ) : null}
        {onClose ? (
          <Button variant="ghost" size="icon-sm" aria-label="Close test chat" onClick={onClose}>
            <X aria-hidden="true" />
          </Button>
        ) : null}
      </div>
      {stale ? (
        <p className="border-b bg-muted/40 px-3 py-2 text-xs text-muted-foreground" role="status">
          The flow changed since this conversation started.{" "}
          <button type="button" className="font-medium text-primary underline" onClick={() => void start()}>
            Restart to test it
          </button>
        </p>
      ) : null}
      <div className="min-h-0 flex-1 overflow-y-auto">
        {session ? (
          <Transcript
            messages={live ? [...messages, ...liveMessages(live)] : messages}
            busy={live !== null}
            onChoice={(c) => void send(c)}
            emptyText="The bot has not said anything yet."
          />
        ) : (
          <div className="flex flex-col items-center gap-3 p-6 text-center text-sm text-muted-foreground">
            <p>
              Talk to the bot as a visitor would, on the flow as saved. Test conversations stay out of the
              inbox and the analytics.
            </p>
            <Button size="sm" onClick={() => void start()} disabled={busy}>
              {busy ? "Starting…" : "Start a test conversation"}
            </Button>
          </div>
        )}
      </div>
      {goal ? (
        <p className="border-t bg-success/10 px-3 py-1.5 text-xs font-medium" role="status">
          Goal reached.
        </p>
      ) : null}
      {note ? (
        <p className="border-t bg-muted/40 px-3 py-1.5 text-xs text-muted-foreground" role="status">
          {note}
        </p>
      ) : null}
      {error ? (
        <p className="border-t px-3 py-1.5 text-xs font-medium text-destructive" role="alert">
          {error}
        </p>
      ) : null}
      {session && session.status !== "closed" ? (
        <form
          className="flex gap-2 border-t p-2"
          onSubmit={(event) => {
            event.preventDefault();
            void send(text);
          }}
        >
          <label htmlFor="test-chat-input" className="sr-only">
            Message to the bot
          </label>
          <Input
            id="test-chat-input"
            ref={inputRef}
            value={text}
            maxLength={2000}
            autoComplete="off"
            placeholder={session.status === "handed_off" ? "The bot no longer answers" : "Type a message"}
            onChange={(event) => setText(event.target.value)}
          />
          <Button type="submit" size="icon" aria-label="Send" disabled={busy || !text.trim()}>
            <Send aria-hidden="true" />
          </Button>
        </form>
      ) : null}
    </section>
  );
}
