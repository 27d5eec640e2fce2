import { describe, expect, it } from "vitest";
import {
  decodeCursor,
  elapsedMs,
  encodeCursor,
  executionFilterSchema,
  formatBytes,
  formatDuration,
  isTerminal,
  isTruncated,
  manualTriggerInput,
  mergeSteps,
  nodeRunStates,
  notificationHref,
  parseTestInput,
  previewValue,
  type LiveStep,
} from "./format";

const ID = "0b7e9c8a-1d2e-4f3a-9b8c-7d6e5f4a3b2c";

function step(key: string, over: Partial<LiveStep> = {}): LiveStep {
  return {
    step_key: key,
    node_id: key.replace(/\[.*$/, ""),
    node_type: "set",
    status: "completed",
    handle: null,
    input: null,
    output: null,
    error: null,
    attempt: 1,
    retries: [],
    logs: [],
    sequence: 0,
    started_at: "2026-01-01T00:00:00.000Z",
    completed_at: null,
    duration_ms: null,
    ...over,
  };
}

describe("formatDuration", () => {
  it("reads well at every scale", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(-1)).toBe("—");
    expect(formatDuration(0)).toBe("0 ms");
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(4_260)).toBe("4.2 s");
    expect(formatDuration(42_000)).toBe("42 s");
    expect(formatDuration(125_000)).toBe("2 min 5 s");
    expect(formatDuration(120_000)).toBe("2 min");
    expect(formatDuration(3_780_000)).toBe("1 h 3 min");
    expect(formatDuration(3 * 86_400_000 + 2 * 3_600_000)).toBe("3 d 2 h");
  });
});

describe("elapsedMs", () => {
  it("prefers the recorded duration, else counts from the start", () => {
    expect(elapsedMs({ duration_ms: 1200, started_at: null })).toBe(1200);
    expect(elapsedMs({ duration_ms: null, started_at: null })).toBeNull();
    const start = "2026-01-01T00:00:00.000Z";
    expect(elapsedMs({ duration_ms: null, started_at: start }, Date.parse(start) + 5000)).toBe(5000);
    expect(
      elapsedMs({ duration_ms: null, started_at: start, completed_at: "2026-01-01T00:00:02.000Z" }, 9e15),
    ).toBe(2000);
  });
});

describe("payload helpers", () => {
  it("recognises the engine's truncation marker and previews it", () => {
    const marker = { _truncated: true, bytes: 300_000, preview: "x".repeat(2000) };
    expect(isTruncated(marker)).toBe(true);
    expect(isTruncated({ _truncated: "yes", bytes: 1 })).toBe(false);
    expect(isTruncated(null)).toBe(false);
    expect(previewValue(marker, 40)).toMatch(/… \(truncated\)$/);
    expect(previewValue({ a: 1 })).toBe('{"a":1}');
    expect(previewValue("x".repeat(100), 10)).toBe(`${"x".repeat(9)}…`);
    expect(previewValue(null)).toBe("");
    expect(formatBytes(512)).toBe("512 bytes");
    expect(formatBytes(300_000)).toBe("293 KB");
    expect(formatBytes(3 * 1024 * 1024)).toBe("3.0 MB");
  });

  it("knows which statuses are final", () => {
    expect(["completed", "failed", "cancelled"].every(isTerminal)).toBe(true);
    expect(["pending", "running", "waiting"].some(isTerminal)).toBe(false);
  });
});

describe("mergeSteps", () => {
  it("replaces steps by key and keeps run order", () => {
    const a = step("a", { sequence: 1, status: "running" });
    const b = step("b", { sequence: 2 });
    const merged = mergeSteps(
      [b, a],
      [step("a", { sequence: 1, status: "completed" }), step("c", { sequence: 3 })],
    );
    expect(merged.map((s) => [s.step_key, s.status])).toEqual([
      ["a", "completed"],
      ["b", "completed"],
      ["c", "completed"],
    ]);
  });
});

describe("nodeRunStates", () => {
  it("gives each canvas node one state, the most telling of its loop iterations", () => {
    const states = nodeRunStates([
      step("trigger", { output: { input: 1 } }),
      step("body[loop_1:0]", { node_id: "body", output: { i: 0 } }),
      step("body[loop_1:1]", { node_id: "body", status: "failed", error: "boom", output: { i: 1 } }),
      step("body[loop_1:2]", { node_id: "body", output: { i: 2 } }),
      step("http", { status: "running" }),
    ]);
    expect(states.get("trigger")).toEqual({
      status: "completed",
      output: { input: 1 },
      error: null,
      runs: 1,
    });
    expect(states.get("body")).toEqual({ status: "failed", output: { i: 2 }, error: "boom", runs: 3 });
    expect(states.get("http")?.status).toBe("running");
    expect(states.has("never")).toBe(false);
  });
});

describe("parseTestInput", () => {
  it("accepts an object or nothing, and says what is wrong otherwise", () => {
    expect(parseTestInput("  ")).toEqual({ ok: true, value: {} });
    expect(parseTestInput('{"email":"a@b.c"}')).toEqual({ ok: true, value: { email: "a@b.c" } });
    const bad = parseTestInput("{email}");
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/not valid JSON/);
    expect(parseTestInput("[1,2]")).toMatchObject({ ok: false, error: expect.stringMatching(/JSON object/) });
    expect(parseTestInput("42")).toMatchObject({ ok: false });
    expect(parseTestInput(JSON.stringify({ x: "y".repeat(70_000) }))).toMatchObject({
      ok: false,
      error: "The input may be at most 64 KB.",
    });
  });
});

describe("manualTriggerInput", () => {
  const now = new Date("2026-02-03T04:05:06.000Z");
  it("shapes the test input like the workflow's trigger would", () => {
    expect(manualTriggerInput("manual", { a: 1 }, "ana@example.test", now)).toEqual({
      input: { a: 1 },
      started_by: "ana@example.test",
    });
    expect(manualTriggerInput(null, {}, null, now)).toEqual({ input: {}, started_by: null });
    expect(manualTriggerInput("webhook", { total: 5 }, null, now)).toEqual({
      body: { total: 5 },
      headers: {},
      query: {},
      method: "POST",
      received_at: now.toISOString(),
      test: true,
    });
    expect(manualTriggerInput("event", { contact: { id: 1 } }, null, now)).toEqual({
      occurred_at: now.toISOString(),
      contact: { id: 1 },
    });
    expect(manualTriggerInput("schedule", {}, null, now)).toEqual({
      scheduled_at: now.toISOString(),
      timezone: "UTC",
    });
  });
});

describe("list filters and cursors", () => {
  it("keeps what is valid and drops the rest", () => {
    expect(
      executionFilterSchema.parse({
        status: "failed",
        trigger: "webhook",
        workflow: ID.toUpperCase(),
        from: "2026-01-01",
        to: "2026-01-31",
      }),
    ).toEqual({ status: "failed", trigger: "webhook", workflow: ID, from: "2026-01-01", to: "2026-01-31" });
    expect(
      executionFilterSchema.parse({
        status: "exploded",
        trigger: "x",
        workflow: "1; drop table",
        from: "2026-13-45",
        to: "yesterday",
        before: "nope",
      }),
    ).toEqual({});
  });

  it("round-trips a keyset cursor", () => {
    const row = { created_at: new Date("2026-01-02T03:04:05.678Z"), id: ID };
    const cursor = encodeCursor(row);
    expect(decodeCursor(cursor)).toEqual({ createdAt: row.created_at, id: ID });
    expect(executionFilterSchema.parse({ before: cursor }).before).toBe(cursor);
    expect(decodeCursor("2026-01-02T03:04:05.678Z_not-a-uuid")).toBeUndefined();
    expect(decodeCursor("garbage")).toBeUndefined();
    expect(decodeCursor(undefined)).toBeUndefined();
  });

  it("drops cursors and days Postgres would refuse (no 500 from a hand-edited link)", () => {
    for (const time of [
      "0000-01-01T00:00:00.000Z",
      "+275760-09-13T00:00:00.000Z",
      "-000001-01-01T00:00:00.000Z",
      "2026-01-02",
      "2026-02-31T00:00:00.000Z",
      "Fri Jan 02 2026",
    ])
      expect(decodeCursor(`${time}_${ID}`), time).toBeUndefined();
    expect(decodeCursor(`2026-01-02T03:04:05.678Z_${ID}${"x".repeat(200)}`)).toBeUndefined();
    expect(executionFilterSchema.parse({ from: "0000-01-01", to: "2026-02-31" })).toEqual({});
    expect(executionFilterSchema.parse({ from: "0001-01-01", to: "9999-12-31" })).toEqual({
      from: "0001-01-01",
      to: "9999-12-31",
    });
  });
});

describe("notificationHref", () => {
  it("follows safe links and falls back to the run", () => {
    expect(notificationHref("/o/acme/workflows", null, "acme")).toEqual({
      href: "/o/acme/workflows",
      external: false,
    });
    expect(notificationHref("https://example.com/x", ID, "acme")).toEqual({
      href: "https://example.com/x",
      external: true,
    });
    expect(notificationHref("javascript:alert(1)", ID, "acme")).toEqual({
      href: `/o/acme/runs/${ID}`,
      external: false,
    });
    expect(notificationHref("//evil.example/x", null, "acme")).toBeNull();
    expect(notificationHref("/\\evil.example", null, "acme")).toBeNull();
    expect(notificationHref(null, null, "acme")).toBeNull();
    expect(notificationHref("  ", ID, "acme")?.href).toBe(`/o/acme/runs/${ID}`);
  });

  it("reads links as the browser does: no way out of the app through a path", () => {
    // Browsers drop tabs and newlines in URLs: "/\t/evil.example" is "//evil.example".
    for (const sneaky of ["/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/\\evil.example"])
      expect(notificationHref(sneaky, null, "acme"), JSON.stringify(sneaky)).toBeNull();
    expect(notificationHref("/o/acme/../acme/runs?x=1#y", null, "acme")).toEqual({
      href: "/o/acme/runs?x=1#y",
      external: false,
    });
    expect(notificationHref("https://app.example@evil.example/", null, "acme")).toBeNull();
    expect(notificationHref("https://user:pw@evil.example/", ID, "acme")?.href).toBe(`/o/acme/runs/${ID}`);
    expect(notificationHref("data:text/html,<script>1</script>", null, "acme")).toBeNull();
  });
});
