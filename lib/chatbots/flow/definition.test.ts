import { describe, expect, it } from "vitest";
import { evaluate, passageAnswer } from "../runtime";
import { stepExecutors } from "../runtime/steps";
import { hasFlowErrors, nodeConfig, starterFlow, validateFlow } from "./definition";
import { chatbotNodeTypes } from "./nodes";

describe("chatbot flows", () => {
  it("ships a starter flow without problems", () => {
    expect(validateFlow(starterFlow())).toEqual([]);
  });

  it("gives every node type an executor, and no executor to a type the canvas does not offer", () => {
    expect(Object.keys(stepExecutors).sort()).toEqual(chatbotNodeTypes.map((t) => t.type).sort());
  });

  it("gives every node type defaults that its schema accepts (except fields the author must fill)", () => {
    for (const type of chatbotNodeTypes) {
      const parsed = type.configSchema.safeParse(type.defaults);
      const required = parsed.success ? [] : parsed.error.issues.map((i) => i.path.join("."));
      expect(
        required.every((p) => ["text", "question", "tags", "calendar_id"].includes(p)),
        `${type.type}: ${required}`,
      ).toBe(true);
    }
  });

  it("reports a missing start, unknown types, bad configs and dangling handles", () => {
    const problems = validateFlow({
      nodes: [
        {
          id: "ask_1",
          type: "ask",
          position: { x: 0, y: 0 },
          data: { config: { kind: "choice", choices: ["A"], question: "?", variable: "x" } },
        },
        { id: "weird_1", type: "weird", position: { x: 0, y: 0 }, data: { config: {} } },
      ],
      edges: [{ id: "e", source: "ask_1", sourceHandle: "nope", target: "weird_1", targetHandle: "in" }],
    });
    const messages = problems.map((p) => p.message).join(" | ");
    expect(messages).toContain("Conversation starts");
    expect(messages).toContain("Unknown step type");
    expect(messages).toContain("Add at least two choices.");
    expect(messages).toContain("has no output “nope”");
    expect(hasFlowErrors(problems)).toBe(true);
  });

  it("fills defaults into a stored config", () => {
    expect(
      nodeConfig({ type: "ask", data: { config: { question: "Email?", kind: "email", variable: "email" } } }),
    ).toMatchObject({
      max_attempts: 3,
      choices: [],
    });
    expect(nodeConfig({ type: "ask", data: { config: { kind: "email" } } })).toBeNull();
  });

  it("evaluates conditions on answers", () => {
    const answers = { plan: "Pro", empty: "" };
    expect(evaluate({ variable: "plan", operator: "equals", value: "pro" }, answers)).toBe(true);
    expect(evaluate({ variable: "plan", operator: "not_equals", value: "pro" }, answers)).toBe(false);
    expect(evaluate({ variable: "plan", operator: "contains", value: "r" }, answers)).toBe(true);
    expect(evaluate({ variable: "empty", operator: "is_empty", value: "" }, answers)).toBe(true);
    expect(evaluate({ variable: "missing", operator: "is_not_empty", value: "" }, answers)).toBe(false);
  });

  it("cuts a long passage at a sentence", () => {
    const long = Array.from({ length: 30 }, (_, i) => `This is sentence ${i} of the passage.`).join(" ");
    const answer = passageAnswer({ content: long });
    expect(answer.length).toBeLessThanOrEqual(700);
    expect(answer.endsWith(".")).toBe(true);
  });
});
