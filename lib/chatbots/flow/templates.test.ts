import { describe, expect, it } from "vitest";
import {
  canonicalFlow,
  flowDefinitionSchema,
  FLOW_NODE_SIZE,
  nodeConfig,
  starterFlow,
  validateFlow,
} from "./definition";
import { botFlowTemplate, botFlowTemplates, DEFAULT_BOT_TEMPLATE } from "./templates";

const goalBased = botFlowTemplates.filter((t) => t.key !== DEFAULT_BOT_TEMPLATE);

describe("bot flow templates", () => {
  it("offer the starter flow first, then five goal-based flows with unique keys and names", () => {
    expect(botFlowTemplates[0]!.key).toBe(DEFAULT_BOT_TEMPLATE);
    expect(botFlowTemplate(DEFAULT_BOT_TEMPLATE)!.flow()).toEqual(starterFlow());
    expect(goalBased.map((t) => t.key)).toEqual([
      "faq-lead-capture",
      "appointment-request",
      "qualify-lead",
      "after-hours-handoff",
      "quote-request",
    ]);
    expect(new Set(botFlowTemplates.map((t) => t.name)).size).toBe(botFlowTemplates.length);
    expect(botFlowTemplate("nope")).toBeUndefined();
  });

  it.each(botFlowTemplates.map((t) => [t.key, t] as const))(
    "%s: a one-line purpose and a flow the schema takes with no problem at all",
    (_key, template) => {
      expect(template.purpose.length).toBeGreaterThan(20);
      expect(template.purpose.length).toBeLessThanOrEqual(120);
      expect(template.purpose).not.toContain("\n");
      const flow = template.flow();
      expect(canonicalFlow(flowDefinitionSchema.parse(flow))).toEqual(flow);
      expect(validateFlow(flow)).toEqual([]);
      for (const node of flow.nodes) expect(nodeConfig(node), node.id).not.toBeNull();
    },
  );

  it.each(goalBased.map((t) => [t.key, t] as const))(
    "%s: uses only answers its questions collect, reaches a goal and hands the lead to workflows or the team",
    (_key, template) => {
      const flow = template.flow();
      const asked = new Set(
        flow.nodes.filter((n) => n.type === "ask").map((n) => String(n.data.config.variable)),
      );
      const used = JSON.stringify(flow.nodes.map((n) => n.data.config)).matchAll(/\{\{ answers\.(\w+) \}\}/g);
      for (const [, variable] of used) expect(asked, variable).toContain(variable);
      const types = flow.nodes.map((n) => n.type);
      expect(types).toContain("goal");
      expect(types).toContain("collect_lead");
      expect(types.includes("start_workflow") || types.includes("handoff")).toBe(true);
      // A new flow gets a fresh copy: editing one bot's flow never changes the template.
      expect(template.flow()).not.toBe(flow);
    },
  );

  it("make the question after an unanswered one an offer: the visitor may ask something else instead", () => {
    for (const key of [DEFAULT_BOT_TEMPLATE, "faq-lead-capture", "after-hours-handoff"]) {
      const flow = botFlowTemplate(key)!.flow();
      const unanswered = flow.edges.find((e) => e.sourceHandle === "unanswered")!;
      const offer = flow.nodes.find((n) => n.id === unanswered.target)!;
      expect(offer.type, key).toBe("ask");
      expect(nodeConfig(offer), key).toMatchObject({ allow_other_questions: true });
      expect(String(offer.data.config.question), key).toMatch(/ask me something else/i);
    }
  });
});

describe("offered flows are laid out for the canvas", () => {
  const { width, height } = FLOW_NODE_SIZE;
  it.each(botFlowTemplates.map((t) => [t.key, t] as const))(
    "%s: no two steps overlap and every edge runs left to right",
    (_key, template) => {
      const flow = template.flow();
      const at = new Map(flow.nodes.map((n) => [n.id, n.position]));
      for (const [i, a] of flow.nodes.entries())
        for (const b of flow.nodes.slice(i + 1)) {
          const apart =
            Math.abs(a.position.x - b.position.x) >= width || Math.abs(a.position.y - b.position.y) >= height;
          expect(apart, `${a.id} and ${b.id} overlap`).toBe(true);
        }
      for (const e of flow.edges)
        expect(at.get(e.target)!.x, `${e.id} loops back`).toBeGreaterThanOrEqual(at.get(e.source)!.x + width);
    },
  );
});
