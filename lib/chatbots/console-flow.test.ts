import { describe, expect, it } from "vitest";
import { originsField } from "./console-action-schemas";
import { botConnectionProblem } from "./console-flow";
import { getChatbotNodeType } from "./flow/nodes";

const node = (id: string, type: string, config: Record<string, unknown> = {}) => ({
  id,
  type,
  data: { config },
});
const graph = {
  nodes: [
    node("start_1", "start"),
    node("ask_1", "ask"),
    node("message_1", "message"),
    node("handoff_1", "handoff"),
  ],
  edges: [{ id: "e1", source: "start_1", sourceHandle: "out", target: "ask_1", targetHandle: "in" }],
};
const link = (source: string, sourceHandle: string, target: string, targetHandle = "in") => ({
  source,
  sourceHandle,
  target,
  targetHandle,
});

describe("botConnectionProblem", () => {
  it("allows an output that leads nowhere yet into a step's input", () => {
    expect(botConnectionProblem(getChatbotNodeType, graph, link("ask_1", "out", "message_1"))).toBeNull();
    expect(botConnectionProblem(getChatbotNodeType, graph, link("ask_1", "failed", "handoff_1"))).toBeNull();
  });

  it("allows looping back (ask again)", () => {
    const withLoop = {
      ...graph,
      edges: [...graph.edges, { id: "e2", ...link("ask_1", "out", "message_1") }],
    };
    expect(botConnectionProblem(getChatbotNodeType, withLoop, link("message_1", "out", "ask_1"))).toBeNull();
  });

  it("refuses a second path from one output: a conversation takes one", () => {
    expect(botConnectionProblem(getChatbotNodeType, graph, link("start_1", "out", "message_1"))).toMatch(
      /already leads to Ask a question/,
    );
  });

  it("refuses connecting into the start, to itself, from a missing handle or to a missing step", () => {
    expect(botConnectionProblem(getChatbotNodeType, graph, link("message_1", "out", "start_1"))).toMatch(
      /start/,
    );
    expect(botConnectionProblem(getChatbotNodeType, graph, link("ask_1", "out", "ask_1"))).toMatch(/itself/);
    expect(botConnectionProblem(getChatbotNodeType, graph, link("handoff_1", "out", "message_1"))).toMatch(
      /no such output/,
    );
    expect(botConnectionProblem(getChatbotNodeType, graph, link("ask_1", "out", "nope_1"))).toMatch(
      /no longer exists/,
    );
  });
});

describe("originsField", () => {
  it("reads one origin per line, normalises and de-duplicates them", () => {
    expect(
      originsField.parse("https://www.example.com/\nhttp://localhost:3199, https://www.example.com"),
    ).toEqual(["https://www.example.com", "http://localhost:3199"]);
    expect(originsField.parse("")).toEqual([]);
  });

  it("refuses what is not a website address", () => {
    expect(originsField.safeParse("ftp://example.com").success).toBe(false);
    expect(originsField.safeParse("example").success).toBe(false);
  });
});
