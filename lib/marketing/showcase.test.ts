import { describe, expect, it } from "vitest";
import { catalogTemplate } from "@/lib/workflows/templates";
import { appointmentConversation, canvasModel, sampleStatement, stepTree } from "./showcase";

describe("the landing page's product pictures", () => {
  it("lay out a shipped template as cards that never overlap, left to right", () => {
    const definition = catalogTemplate("won-deal-celebrate-commission")!.definition;
    const model = canvasModel(definition);
    expect(model.cards.map((c) => c.label)).toEqual([
      "Deal won in GHL",
      "Celebrate the win",
      "Ask for approval",
      "Contact in GHL?",
      "Tag as customer",
      "No contact",
    ]);
    for (const a of model.cards) {
      expect(a.x + model.card.w).toBeLessThanOrEqual(model.width);
      expect(a.y + model.card.h).toBeLessThanOrEqual(model.height);
      for (const b of model.cards)
        if (a !== b)
          expect(
            Math.abs(a.x - b.x) >= model.card.w || Math.abs(a.y - b.y) >= model.card.h,
            `${a.id}/${b.id}`,
          ).toBe(true);
    }
    expect(model.edges.filter((e) => e.label).map((e) => e.label!.text)).toEqual(["True", "False"]);
    expect(model.width).toBeGreaterThan(3 * model.height);
  });

  it("turn a template into a tree of steps for narrow screens, branches named", () => {
    const tree = stepTree(catalogTemplate("won-deal-celebrate-commission")!.definition)!;
    const chain: string[] = [];
    let at = tree;
    while (at.next.length === 1) {
      chain.push(at.card.label);
      at = at.next[0]!;
    }
    expect(chain).toEqual(["Deal won in GHL", "Celebrate the win", "Ask for approval"]);
    expect(at.card).toMatchObject({ label: "Contact in GHL?", kind: "Condition", category: "logic" });
    expect(at.next.map((n) => [n.via, n.card.label])).toEqual([
      ["True", "Tag as customer"],
      ["False", "No contact"],
    ]);
    expect(stepTree({ nodes: [], edges: [], viewport: { x: 0, y: 0, zoom: 1 } })).toBeNull();
  });

  it("follow the appointment template's questions and answers to its goal", () => {
    const { lines, goal } = appointmentConversation();
    expect(goal).toBe("Appointment requested");
    expect(lines[1]).toEqual({
      from: "bot",
      text: "What would you like to book?",
      choices: ["Consultation", "Estimate", "Follow-up visit", "Something else"],
    });
    expect(lines.filter((l) => l.from === "visitor").map((l) => l.text)).toEqual([
      "Estimate",
      "Tuesday morning",
      "Ana",
      "+1 555 010 1234",
    ]);
    expect(lines.at(-1)!.text).toBe(
      "Thanks, Ana! We'll text +15550101234 to confirm your Estimate (Tuesday morning).",
    );
  });

  it("work out the statement with the commission math, accelerated above quota", () => {
    const statement = sampleStatement();
    expect(statement.lines.map((l) => l.commission)).toEqual([
      "USD 672.00",
      "USD 100.00",
      "USD 552.00",
      "USD 1,038.00",
    ]);
    expect(statement.lines[3]!.how).toContain("12%");
    expect(statement.totals).toEqual({ paid: "USD 772.00", approved: "USD 552.00", pending: "USD 1,038.00" });
  });
});
