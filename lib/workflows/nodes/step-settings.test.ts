import { describe, expect, it } from "vitest";
import { stepPolicy } from "@/lib/engine/policy";
import { nodeHandles } from "@/lib/workflows/graph";
import { validateWorkflow } from "@/lib/workflows/validate";
import { getNodeType } from "./registry";
import { onErrorOf, stepSettingsIssues, withErrorOutput } from "./step-settings";

const http = (config: Record<string, unknown>) => ({
  id: "http_request_1",
  type: "http_request",
  position: { x: 0, y: 0 },
  data: { config: { method: "GET", url: "https://example.com", headers: [], ...config } },
});

const graph = (config: Record<string, unknown>, errorEdge = false) => ({
  nodes: [
    { id: "manual_1", type: "manual", position: { x: 0, y: 0 }, data: { config: {} } },
    http(config),
    {
      id: "set_1",
      type: "set",
      position: { x: 0, y: 0 },
      data: { config: { fields: [{ name: "a", value: "1" }] } },
    },
  ],
  edges: [
    { id: "e1", source: "manual_1", sourceHandle: "out", target: "http_request_1", targetHandle: "in" },
    ...(errorEdge
      ? [{ id: "e2", source: "http_request_1", sourceHandle: "error", target: "set_1", targetHandle: "in" }]
      : [{ id: "e2", source: "http_request_1", sourceHandle: "out", target: "set_1", targetHandle: "in" }]),
  ],
});

const problemsOf = (g: ReturnType<typeof graph>) =>
  validateWorkflow(g)
    .filter((p) => p.nodeId === "http_request_1" || p.edgeId)
    .map((p) => [p.field ?? p.handleId ?? p.edgeId, p.message]);

describe("step settings", () => {
  it("accepts what the panel writes, leaving out what was not set", () => {
    expect(stepSettingsIssues({})).toEqual([]);
    expect(stepSettingsIssues({ retry_attempts: "" })).toEqual([]);
    expect(
      stepSettingsIssues({
        retry_attempts: 3,
        retry_wait_seconds: 0,
        retry_on: "any",
        step_timeout_seconds: 30,
        on_error: "branch",
      }),
    ).toEqual([]);
  });

  it("says what is wrong with each field, in words", () => {
    expect(
      stepSettingsIssues({
        retry_attempts: 11,
        retry_wait_seconds: -1,
        step_timeout_seconds: 1.5,
        on_error: "explode",
        retry_on: 4,
      }),
    ).toEqual([
      { path: "retry_attempts", message: "Use at most 10." },
      { path: "retry_wait_seconds", message: "Use at least 0." },
      { path: "retry_on", message: "Choose which errors to retry." },
      { path: "step_timeout_seconds", message: "Use whole seconds." },
      { path: "on_error", message: "Choose what happens when the step fails." },
    ]);
    expect(stepSettingsIssues({ retry_attempts: "three" })).toEqual([
      { path: "retry_attempts", message: "Enter a number of tries." },
    ]);
  });

  it("blocks publishing on invalid settings, on the field they are about", () => {
    expect(problemsOf(graph({ retry_attempts: 0, step_timeout_seconds: 901 }))).toEqual([
      ["retry_attempts", "Use at least 1."],
      ["step_timeout_seconds", "Use at most 900."],
    ]);
  });

  it("gives an action step an “On error” output only when its failures take a branch", () => {
    expect(nodeHandles(http({})).outputs.map((h) => h.id)).toEqual(["out"]);
    expect(nodeHandles(http({ on_error: "branch" })).outputs).toEqual([
      { id: "out", label: "Success" },
      { id: "error", label: "On error", required: true },
    ]);
    // Logic steps have no such settings.
    const condition = getNodeType("condition")!;
    expect(condition.outputs({ on_error: "branch" }).map((h) => h.id)).toEqual(["true", "false"]);
    expect(withErrorOutput([{ id: "error" }], { on_error: "branch" })).toEqual([{ id: "error" }]);
  });

  it("needs the “On error” output connected, and refuses an error connection without it", () => {
    expect(problemsOf(graph({ on_error: "branch" }))).toEqual([
      ["error", "Connect the “On error” output of HTTP request."],
    ]);
    expect(problemsOf(graph({ on_error: "branch" }, true))).toEqual([]);
    expect(problemsOf(graph({}, true))).toEqual([
      ["e2", "A connection leaves HTTP request from an output it no longer has; remove it."],
    ]);
  });

  it("reads older configs' continue_on_fail as “continue”", () => {
    expect(onErrorOf({ continue_on_fail: true })).toBe("continue");
    expect(onErrorOf({ continue_on_fail: true, on_error: "stop" })).toBe("stop");
    expect(onErrorOf({ on_error: "nonsense" })).toBe("stop");
  });

  it("is what the engine's step policy runs with", () => {
    expect(stepPolicy({})).toMatchObject({
      maxAttempts: 1,
      backoffMs: 1000,
      timeoutMs: 120_000,
      continueOnFail: false,
    });
    expect(
      stepPolicy({
        retry_attempts: 4,
        retry_wait_seconds: 2,
        retry_on: "any",
        step_timeout_seconds: 5,
        on_error: "continue",
      }),
    ).toMatchObject({
      maxAttempts: 4,
      backoffMs: 2000,
      retryOn: "any",
      timeoutMs: 5000,
      continueOnFail: true,
    });
    // An emptied field is the default, not 0; nonsense falls back to the defaults too.
    expect(stepPolicy({ retry_wait_seconds: "", step_timeout_seconds: "x" })).toMatchObject({
      backoffMs: 1000,
      timeoutMs: 120_000,
    });
    // The older keys still work and win.
    expect(stepPolicy({ retry: { max_attempts: 2, backoff_ms: 10 }, retry_attempts: 5 })).toMatchObject({
      maxAttempts: 2,
      backoffMs: 10,
    });
  });
});
