import { describe, expect, it } from "vitest";
import { starterFlow } from "@/lib/chatbots/flow/definition";
import { getChatbotNodeType } from "@/lib/chatbots/flow/nodes";
import { botFlowTemplate } from "@/lib/chatbots/flow/templates";
import { getNodeType } from "./nodes/registry";
import { previewDescription, previewGraph } from "./preview";
import { catalogTemplate } from "./templates";

describe("previewGraph", () => {
  it("scales a workflow's canvas positions into small boxes that keep its shape", () => {
    const template = catalogTemplate("speed-to-lead")!;
    const preview = previewGraph(template.definition, getNodeType);
    expect(preview.nodes).toHaveLength(template.definition.nodes.length);
    const at = (id: string) => preview.nodes.find((n) => n.id === id)!;
    // The trigger at the top left, then columns in the order the steps run.
    expect(at("event_1")).toMatchObject({ category: "trigger", label: "New contact" });
    expect(at("notify_1").x).toBeGreaterThan(at("event_1").x);
    expect(at("condition_1")).toMatchObject({ category: "logic", label: "Can we text them?" });
    // The branches sit above and below.
    expect(at("ghl_1").y).toBeLessThan(at("condition_2").y);
    // Boxes do not overlap.
    for (const a of preview.nodes)
      for (const b of preview.nodes)
        if (a !== b)
          expect(
            Math.abs(a.x - b.x) >= preview.box || Math.abs(a.y - b.y) >= preview.box,
            `${a.id} / ${b.id}`,
          ).toBe(true);
    // Everything fits in the picture.
    for (const n of preview.nodes) {
      expect(n.x + preview.box).toBeLessThanOrEqual(preview.width);
      expect(n.y + preview.box).toBeLessThanOrEqual(preview.height);
    }
    expect(preview.edges.map((e) => e.id)).toEqual(template.definition.edges.map((e) => e.id));
  });

  it("draws side-by-side steps with horizontal curves and stacked ones with vertical curves", () => {
    const row = previewGraph(catalogTemplate("missed-call-text-back")!.definition, getNodeType);
    expect(row.height).toBe(row.box + 4);
    expect(row.edges[0]!.d).toMatch(/^M(\d+(\.\d+)?) 15C/);
    // Steps an author stacked on the canvas, one under the other.
    const flow = starterFlow();
    const stacked = { ...flow, nodes: flow.nodes.map((n, i) => ({ ...n, position: { x: 0, y: i * 150 } })) };
    const column = previewGraph(stacked, getChatbotNodeType);
    expect(column.width).toBe(column.box + 4);
    expect(column.nodes.map((n) => n.category)).toEqual(["trigger", "action", "action", "action", "action"]);
    const first = column.edges[0]!.d;
    expect(first.startsWith(`M${2 + column.box / 2} ${2 + column.box}`)).toBe(true);
  });

  it("names the steps in order for screen readers and copes with an empty graph", () => {
    const preview = previewGraph(catalogTemplate("missed-call-text-back")!.definition, getNodeType);
    expect(previewDescription(preview)).toBe(
      "Missed call in GHL → Text the caller back → Tag as missed call → Ask the team to call back",
    );
    expect(previewGraph({ nodes: [], edges: [] }, getNodeType)).toMatchObject({ nodes: [], edges: [] });
  });
});

describe("previewGraph of an offered bot flow", () => {
  it("reads left to right in the order the steps run, branches on rows of their own", () => {
    const preview = previewGraph(botFlowTemplate("qualify-lead")!.flow(), getChatbotNodeType);
    const at = (id: string) => preview.nodes.find((n) => n.id === id)!;
    expect(at("start_1").x).toBeLessThan(at("ask_1").x);
    expect(at("ask_1").y).toBe(at("ask_2").y);
    // The condition's two branches start in one column, on different rows.
    expect(at("message_1").x).toBe(at("ask_4").x);
    expect(Math.abs(at("message_1").y - at("ask_4").y)).toBeGreaterThanOrEqual(preview.box);
    expect(preview.width).toBeGreaterThan(preview.height);
    expect(preview.edges[0]!.d).toMatch(/^M\d+(\.\d+)? \d+(\.\d+)?C/);
  });
});
