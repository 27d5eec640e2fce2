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
    const column = previewGraph(starterFlow(), getChatbotNodeType);
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

describe("previewGraph, transposed", () => {
  it("lays a top-to-bottom bot flow on its side, branches above and below", () => {
    const flow = botFlowTemplate("qualify-lead")!.flow();
    const preview = previewGraph(flow, getChatbotNodeType, { transpose: true });
    const at = (id: string) => preview.nodes.find((n) => n.id === id)!;
    expect(at("start_1").x).toBeLessThan(at("ask_1").x);
    expect(at("ask_1").y).toBe(at("ask_2").y);
    expect(at("message_1").y).toBeLessThan(at("ask_4").y);
    expect(preview.width).toBeGreaterThan(preview.height);
    expect(preview.edges[0]!.d).toMatch(/^M\d+(\.\d+)? \d+(\.\d+)?C/);
  });
});
