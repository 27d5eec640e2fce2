import { describe, expect, it } from "vitest";
import type { LiveStep } from "./format";
import { StepReplay, precedesByEdges } from "./replay";

const T0 = Date.parse("2026-12-08T01:00:00.000Z");
const at = (ms: number) => new Date(T0 + ms).toISOString();

function step(key: string, sequence: number, startMs: number, endMs: number | null): LiveStep {
  return {
    step_key: key,
    node_id: key,
    node_type: "set",
    status: endMs === null ? "running" : "completed",
    handle: null,
    input: null,
    output: endMs === null ? null : { key },
    error: null,
    attempt: 1,
    retries: [],
    logs: [],
    sequence,
    started_at: at(startMs),
    completed_at: endMs === null ? null : at(endMs),
    duration_ms: endMs === null ? null : endMs - startMs,
  };
}

const statuses = (view: { steps: LiveStep[] }) =>
  Object.fromEntries(view.steps.map((s) => [s.step_key, s.status]));

describe("StepReplay", () => {
  it("shows a chain of quick steps that arrived done at once as running one after another", () => {
    const replay = new StepReplay(300);
    // Three steps of 1-2 ms each, written in one statement, seen by the browser at t=5000.
    const steps = [step("a", 1, 0, 1), step("b", 2, 1, 3), step("c", 3, 3, 4)];
    const first = replay.view(steps, 5000);
    expect(statuses(first)).toEqual({ a: "running" });
    expect(first.steps[0]!.output).toBeNull();
    expect(first.nextAt).toBe(5300);
    expect(statuses(replay.view(steps, 5300))).toEqual({ a: "completed", b: "running" });
    expect(statuses(replay.view(steps, 5650))).toEqual({ a: "completed", b: "completed", c: "running" });
    const last = replay.view(steps, 5900);
    expect(statuses(last)).toEqual({ a: "completed", b: "completed", c: "completed" });
    expect(last.steps[2]!.output).toEqual({ key: "c" });
    expect(last.nextAt).toBeNull();
  });

  it("shows branches that ran at the same time running side by side, then their merge", () => {
    const replay = new StepReplay(300);
    const trigger = step("trigger", 1, 0, 1);
    const left = step("left", 2, 2, 10);
    const right = step("right", 3, 3, 12);
    const merge = step("merge", 4, 13, 14);
    replay.view([trigger], 1000);
    // The branches arrive later, in another notice: they still follow the trigger's replay.
    const view = replay.view([trigger, left, right], 1100);
    expect(statuses(view)).toEqual({ trigger: "running" });
    expect(statuses(replay.view([trigger, left, right, merge], 1300))).toEqual({
      trigger: "completed",
      left: "running",
      right: "running",
    });
    expect(statuses(replay.view([trigger, left, right, merge], 1600))).toEqual({
      trigger: "completed",
      left: "completed",
      right: "completed",
      merge: "running",
    });
  });

  it("with the graph, shows quick branches side by side even when one was over before the other began", () => {
    const edges = [
      { source: "trigger", target: "left" },
      { source: "trigger", target: "right" },
      { source: "left", target: "merge" },
      { source: "right", target: "merge" },
    ];
    // The engine interleaves branches on one thread: left is done before right starts.
    const steps = [
      step("trigger", 1, 0, 1),
      step("left", 2, 2, 3),
      step("right", 3, 4, 5),
      step("merge", 4, 6, 7),
    ];
    const timingOnly = new StepReplay(300);
    timingOnly.view(steps, 1000);
    expect(statuses(timingOnly.view(steps, 1300))).toEqual({ trigger: "completed", left: "running" });

    const replay = new StepReplay(300, precedesByEdges(edges));
    expect(statuses(replay.view(steps, 1000))).toEqual({ trigger: "running" });
    expect(statuses(replay.view(steps, 1300))).toEqual({
      trigger: "completed",
      left: "running",
      right: "running",
    });
    expect(statuses(replay.view(steps, 1600))).toEqual({
      trigger: "completed",
      left: "completed",
      right: "completed",
      merge: "running",
    });
  });

  it("shows a step still running as running, and done once it is, after the shortest time", () => {
    const replay = new StepReplay(300);
    const running = step("http", 1, 0, null);
    expect(statuses(replay.view([running], 100))).toEqual({ http: "running" });
    // Done quickly: still shown running until its 300 ms are over.
    const done = { ...step("http", 1, 0, 50) };
    expect(statuses(replay.view([done], 200))).toEqual({ http: "running" });
    expect(statuses(replay.view([done], 400))).toEqual({ http: "completed" });
    // A long step is shown done as soon as it is.
    const slow = new StepReplay(300);
    slow.view([step("s", 1, 0, null)], 0);
    expect(statuses(slow.view([step("s", 1, 0, 5000)], 5000))).toEqual({ s: "completed" });
  });
});
