"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { Play } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import type { PlaygroundResult } from "@/lib/agents/playground";
import { postForEvents } from "@/lib/http/event-stream-client";
import { formatDuration, formatUsd } from "./format";

type ToolEvent = { id: string; name: string; input?: unknown; output?: unknown; error?: string };

/**
 * Trying an agent: a message, the answer streamed as it is written, each tool call with its
 * result, then the recorded run's tokens, cost and latency (the runs list below refreshes).
 */
export function AgentPlayground({ slug, agentId }: { slug: string; agentId: string }) {
  const router = useRouter();
  const [input, setInput] = React.useState("");
  const [text, setText] = React.useState("");
  const [tools, setTools] = React.useState<ToolEvent[]>([]);
  const [result, setResult] = React.useState<PlaygroundResult | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [running, setRunning] = React.useState(false);

  async function run(event: React.FormEvent) {
    event.preventDefault();
    if (running) return;
    setRunning(true);
    setText("");
    setTools([]);
    setResult(null);
    setError(null);
    try {
      const done = await postForEvents<PlaygroundResult>(
        `/o/${slug}/agents/${agentId}/playground`,
        { input },
        (name, data) => {
          if (name === "delta") setText((t) => t + (data as { text: string }).text);
          else if (name === "tool_call") setTools((all) => [...all, data as ToolEvent]);
          else if (name === "tool_result") {
            const r = data as ToolEvent;
            setTools((all) =>
              all.map((t) => (t.id === r.id ? { ...t, output: r.output, error: r.error } : t)),
            );
          }
        },
      );
      setResult(done);
      if (done.status === "completed") setText(done.text);
      router.refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : "The run failed.");
    } finally {
      setRunning(false);
    }
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Playground</CardTitle>
        <CardDescription>Send the agent a message. Each run is recorded with its cost.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <form onSubmit={run} className="flex flex-col gap-3">
          <Label htmlFor="playground-input">Message</Label>
          <Textarea
            id="playground-input"
            rows={3}
            maxLength={8000}
            value={input}
            onChange={(e) => setInput(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) e.currentTarget.form?.requestSubmit();
            }}
          />
          <div>
            <Button type="submit" loading={running} disabled={input.trim() === ""}>
              <Play aria-hidden="true" />
              {running ? "Running…" : "Run"}
            </Button>
          </div>
        </form>
        <ToolCalls tools={tools} />
        {text ? (
          <div
            aria-live="polite"
            aria-label="Answer"
            className="rounded-md border p-3 text-sm whitespace-pre-wrap"
          >
            {text}
          </div>
        ) : null}
        {result?.status === "completed" ? (
          <p className="text-xs text-muted-foreground" data-testid="playground-usage">
            Version {result.version} · {result.model} · {result.tokens.input} tokens in,{" "}
            {result.tokens.output} out · {formatUsd(result.cost_usd)} · {formatDuration(result.duration_ms)}
          </p>
        ) : null}
        {result?.status === "failed" || error ? (
          <Alert variant="error">{result?.status === "failed" ? result.error : error}</Alert>
        ) : null}
      </CardContent>
    </Card>
  );
}

/** Each tool call of the run with its result (or why it failed). */
function ToolCalls({ tools }: { tools: ToolEvent[] }) {
  if (tools.length === 0) return null;
  return (
    <ul aria-label="Tool calls" className="flex flex-col gap-2 text-sm">
      {tools.map((t) => (
        <li key={t.id} className="rounded-md border bg-muted/40 p-2">
          <span className="font-medium">{t.name}</span>{" "}
          <code className="text-xs break-all">{JSON.stringify(t.input)}</code>
          {t.error ? <p className="text-destructive">{t.error}</p> : null}
          {t.output !== undefined && !t.error ? (
            <pre className="mt-1 max-h-32 overflow-auto text-xs whitespace-pre-wrap">
              {JSON.stringify(t.output, null, 1).slice(0, 2000)}
            </pre>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
