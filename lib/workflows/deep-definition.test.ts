import { describe, expect, it } from "vitest";
import { jsonTextDepth, MAX_JSON_DEPTH } from "@/lib/http/input-limits";
import { definitionForEditor, type WorkflowDefinition } from "./definition";
import { saveDraftSchema } from "./action-schemas";
import { stringsIn, validateWorkflow } from "./validate";

function deep(levels: number): unknown {
  let v: unknown = "{{ trigger.body.x }}";
  for (let i = 0; i < levels; i++) v = [v];
  return v;
}

const stored = (levels: number): WorkflowDefinition => ({
  nodes: [
    { id: "manual_1", type: "manual", position: { x: 0, y: 0 }, data: { config: {} } },
    {
      id: "set_1",
      type: "set",
      position: { x: 0, y: 200 },
      data: { label: "Tidy", config: { values: [], deep: deep(levels) } },
    },
  ],
  edges: [],
  viewport: { x: 0, y: 0, zoom: 1 },
});

/** A 3,000-deep definition saved before the cap broke its builder page: it must still open. */
describe("a stored definition nested too deeply", () => {
  it("opens trimmed, says which steps, and saves again within the cap", () => {
    const { definition, trimmedSteps } = definitionForEditor(stored(3000));
    expect(trimmedSteps).toEqual(["Tidy"]);
    const text = JSON.stringify(definition);
    expect(jsonTextDepth(text)).toBeLessThanOrEqual(MAX_JSON_DEPTH);
    const saved = saveDraftSchema.safeParse({
      id: "0b6e4c8e-59a4-4b43-9b8a-0fa2a4f1a111",
      expected_version: "1",
      definition: text,
    });
    expect(saved.success).toBe(true);
  });

  it("leaves an ordinary definition as it is", () => {
    const ordinary = stored(3);
    expect(definitionForEditor(ordinary)).toEqual({ definition: ordinary, trimmedSteps: [] });
  });

  it("is validated without overflowing the stack (publishing reads it as stored)", () => {
    const untrimmed = stored(20_000);
    expect(() => validateWorkflow(untrimmed)).not.toThrow();
    expect(stringsIn({ a: ["x", { b: "y" }] })).toEqual([
      ["a.0", "x"],
      ["a.1.b", "y"],
    ]);
  });

  it("is refused when sent to be saved", () => {
    const result = saveDraftSchema.safeParse({
      id: "0b6e4c8e-59a4-4b43-9b8a-0fa2a4f1a111",
      expected_version: "1",
      definition: JSON.stringify({ ...stored(0), nodes: [] }).replace(
        '"nodes":[]',
        `"nodes":[],"x":${"[".repeat(20_000)}${"]".repeat(20_000)}`,
      ),
    });
    expect(result.error?.issues[0]?.message).toMatch(/nested too deeply/);
  });
});
