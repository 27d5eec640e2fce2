import { describe, expect, it } from "vitest";
import { edgeId, type WorkflowEdge, type WorkflowNode } from "../../definition";
import { validateWorkflow } from "../../validate";
import { getNodeType } from "../registry";

function node(id: string, type: string, config?: Record<string, unknown>): WorkflowNode {
  const defaults = structuredClone(getNodeType(type)?.defaults ?? {}) as Record<string, unknown>;
  return { id, type, position: { x: 0, y: 0 }, data: { config: config ?? defaults } };
}

function edge(source: string, target: string): WorkflowEdge {
  const e = { source, sourceHandle: "out", target, targetHandle: "in" };
  return { id: edgeId(e), ...e };
}

const http = (id: string) =>
  node(id, "http_request", {
    ...(getNodeType("http_request")!.defaults as Record<string, unknown>),
    url: `https://api.example.test/${id}`,
  });

describe("merge step", () => {
  it("is a registry node type that joins branches", () => {
    expect(getNodeType("merge")?.joinsBranches).toBe(true);
    expect(getNodeType("set")?.joinsBranches).toBeUndefined();
  });

  it("publishes a fan-out joined by a merge, and its output names the branches for the steps after it", () => {
    const nodes = [
      node("webhook_1", "webhook"),
      http("http_1"),
      http("http_2"),
      node("merge_1", "merge"),
      node("notify_1", "notify", {
        audience: "owners",
        title: "Both answered",
        message: "{{ steps.merge_1.output.count }} branches",
      }),
    ];
    const edges = [
      edge("webhook_1", "http_1"),
      edge("webhook_1", "http_2"),
      edge("http_1", "merge_1"),
      edge("http_2", "merge_1"),
      edge("merge_1", "notify_1"),
    ];
    expect(validateWorkflow({ nodes, edges })).toEqual([]);
    expect(
      getNodeType("merge")!
        .outputFields({})
        .map((f) => f.name),
    ).toEqual(["branches", "count"]);
  });
});
