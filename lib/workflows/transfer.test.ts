import { describe, expect, it } from "vitest";
import { edgeId, type WorkflowDefinition } from "./definition";
import { exportFileName, parseWorkflowImport, serializeExport } from "./transfer";

const definition: WorkflowDefinition = {
  nodes: [
    {
      id: "webhook_1",
      type: "webhook",
      position: { x: 0, y: 0 },
      data: { config: { method: "POST", require_secret: true, sample_body: "" } },
    },
    {
      id: "notify_1",
      type: "notify",
      position: { x: 280.5, y: -12 },
      data: {
        label: "Tell the team",
        config: { audience: "owners", title: "Hi", message: "{{ trigger.body.email }}", link: "" },
      },
    },
  ],
  edges: [{ source: "webhook_1", sourceHandle: "out", target: "notify_1", targetHandle: "in" }].map((e) => ({
    id: edgeId(e),
    ...e,
  })),
  viewport: { x: 10, y: 20, zoom: 0.8 },
};

describe("export and import", () => {
  it("round-trips to the same text", () => {
    const text = serializeExport({ name: "Lead alert", description: "Pings us", definition });
    const imported = parseWorkflowImport(text);
    expect(imported).toEqual({
      ok: true,
      workflow: { name: "Lead alert", description: "Pings us", definition },
    });
    if (!imported.ok) return;
    expect(serializeExport(imported.workflow)).toBe(text);
  });

  it("accepts a bare definition and an unfinished workflow", () => {
    const unfinished = { ...definition, edges: [] };
    expect(parseWorkflowImport(JSON.stringify(unfinished))).toMatchObject({
      ok: true,
      workflow: { name: "Imported workflow", definition: unfinished },
    });
  });

  it("drops canvas state that is not part of the workflow", () => {
    const withState = {
      ...definition,
      nodes: definition.nodes.map((n) => ({ ...n, selected: true, measured: { width: 200, height: 80 } })),
    };
    const result = parseWorkflowImport(JSON.stringify(withState));
    expect(result.ok && result.workflow.definition).toEqual(definition);
  });

  it("refuses broken files with a reason for each problem", () => {
    const reasons = (text: string) => {
      const result = parseWorkflowImport(text);
      expect(result.ok).toBe(false);
      return result.ok ? [] : result.reasons;
    };
    expect(reasons("{ not json")[0]).toMatch(/^The file is not valid JSON/);
    expect(reasons("[]")).toEqual(["The file must contain a JSON object."]);
    expect(reasons(JSON.stringify({ format: "zapier", version: 1 }))[0]).toMatch(
      /not an Orgflow workflow file/,
    );
    expect(reasons(JSON.stringify({ nodes: "x", edges: [], viewport: { x: 0, y: 0, zoom: 1 } }))[0]).toMatch(
      /^definition\.nodes:/,
    );

    const unknownType = structuredClone(definition);
    unknownType.nodes[1]!.type = "teleport";
    expect(reasons(JSON.stringify(unknownType))).toContain("Step notify_1 has an unknown type “teleport”.");

    const badConfig = structuredClone(definition);
    badConfig.nodes[1]!.data.config = { audience: "martians", title: "", message: "x" };
    expect(reasons(JSON.stringify(badConfig))).toEqual([
      expect.stringMatching(/^Step “Tell the team” \(notify_1\), audience: /),
      "Step “Tell the team” (notify_1), title: Enter a title.",
    ]);

    const dangling = structuredClone(definition);
    dangling.edges.push({
      id: "x",
      source: "notify_1",
      sourceHandle: "out",
      target: "ghost_1",
      targetHandle: "in",
    });
    expect(reasons(JSON.stringify(dangling))).toContain(
      "This connection points at a step that does not exist.",
    );

    const badId = structuredClone(definition);
    badId.nodes[0]!.id = "Web Hook!";
    expect(reasons(JSON.stringify(badId))[0]).toMatch(/^definition\.nodes\[0\]\.id: Node ids are/);
  });

  it("names export files after the workflow", () => {
    expect(exportFileName("Payment → Slack (v2)")).toBe("payment-slack-v2.workflow.json");
    expect(exportFileName("!!!")).toBe("workflow.workflow.json");
  });
});
