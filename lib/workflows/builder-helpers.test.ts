import { describe, expect, it } from "vitest";
import { copySteps, pasteSteps, readClipboard } from "./clipboard";
import { edgeId, nextNodeId, type WorkflowNode } from "./definition";
import { History } from "./history";
import { layoutGraph } from "./layout";

const node = (id: string, type = "http_request", x = 0): WorkflowNode => ({
  id,
  type,
  position: { x, y: 0 },
  data: { config: {} },
});
const link = (source: string, target: string, sourceHandle = "out") => {
  const e = { source, sourceHandle, target, targetHandle: "in" };
  return { id: edgeId(e), ...e };
};

describe("history", () => {
  it("undoes and redoes, and forgets the redo stack on a new change", () => {
    const h = new History<string>(3);
    h.record("a");
    h.record("b");
    expect(h.undo("c")).toBe("b");
    expect(h.undo("b")).toBe("a");
    expect(h.undo("a")).toBeNull();
    expect(h.redo("a")).toBe("b");
    h.record("b");
    expect(h.canRedo).toBe(false);
  });

  it("keeps a bounded past", () => {
    const h = new History<number>(2);
    for (const n of [1, 2, 3]) h.record(n);
    expect(h.undo(4)).toBe(3);
    expect(h.undo(3)).toBe(2);
    expect(h.undo(2)).toBeNull();
  });
});

describe("clipboard", () => {
  it("pastes copies with fresh ids, shifted, keeping their own connections", () => {
    const nodes = [node("webhook_1", "webhook"), node("http_request_1"), node("http_request_2")];
    const edges = [link("webhook_1", "http_request_1"), link("http_request_1", "http_request_2")];
    const copied = copySteps(nodes.slice(1), edges)!;
    expect(copied.edges).toHaveLength(1);
    const pasted = pasteSteps(
      readClipboard(JSON.stringify(copied))!,
      nodes.map((n) => n.id),
    );
    expect(pasted.nodes.map((n) => [n.id, n.position])).toEqual([
      ["http_request_3", { x: 40, y: 40 }],
      ["http_request_4", { x: 40, y: 40 }],
    ]);
    expect(pasted.edges).toEqual([link("http_request_3", "http_request_4")]);
    expect(readClipboard("hello")).toBeNull();
    expect(copySteps([], edges)).toBeNull();
  });

  it("names new steps after their type", () => {
    expect(nextNodeId("condition", ["condition_1", "condition_3"])).toBe("condition_2");
  });
});

describe("auto-layout", () => {
  it("lays steps out left to right in running order, branches on separate rows", () => {
    const positions = layoutGraph({
      nodes: [node("a"), node("b"), node("c"), node("d")],
      edges: [link("a", "b"), link("b", "c", "true"), link("b", "d", "false")],
    });
    const p = (id: string) => positions.get(id)!;
    expect(p("a").x).toBeLessThan(p("b").x);
    expect(p("b").x).toBeLessThan(p("c").x);
    expect(p("c").x).toBe(p("d").x);
    expect(p("c").y).not.toBe(p("d").y);
  });

  it("copes with a loop's back edge", () => {
    const positions = layoutGraph({
      nodes: [node("t"), node("loop"), node("body")],
      edges: [link("t", "loop"), link("loop", "body", "body"), link("body", "loop")],
    });
    expect(positions.get("loop")!.x).toBeLessThan(positions.get("body")!.x);
  });
});
