import { describe, expect, it } from "vitest";
import { parseManifest, renderItem, stableJson, type Manifest } from "./manifest";
import { checkVariableValues } from "./variables";
import { sourceHash } from "./hash";

const agentId = "11111111-1111-4111-8111-111111111111";
const flowId = "22222222-2222-4222-8222-222222222222";

function manifest(over: Partial<Manifest> = {}): Manifest {
  return {
    format: 1,
    variables: [
      { key: "location", label: "GHL location", type: "ghl_location_id", required: true, description: "" },
    ],
    agents: [],
    workflows: [
      {
        key: `workflow:${flowId}`,
        name: "Follow up",
        description: "For {{blueprint.location}}",
        definition: {
          nodes: [
            {
              id: "ai_1",
              type: "ai",
              position: { x: 0, y: 0 },
              data: { config: { agent_id: agentId, location: "{{ blueprint.location }}" } },
            },
          ],
          edges: [],
          viewport: { x: 0, y: 0, zoom: 1 },
        },
      },
    ],
    bots: [],
    commission_plans: [],
    ...over,
  } as Manifest;
}

describe("blueprint manifests", () => {
  it("accepts a manifest whose placeholders are declared", () => {
    expect(parseManifest(manifest())).toMatchObject({ ok: true });
  });

  it("refuses an undeclared placeholder, a duplicate key and a wrong key shape", () => {
    const undeclared = parseManifest(manifest({ variables: [] }));
    expect(undeclared).toMatchObject({ ok: false });
    expect(!undeclared.ok && undeclared.message).toContain("{{blueprint.location}} is used but not declared");
    const m = manifest();
    expect(parseManifest({ ...m, workflows: [m.workflows[0], m.workflows[0]] })).toMatchObject({ ok: false });
    const badKey = { ...m, workflows: [{ ...m.workflows[0]!, key: "bot:" + flowId }] };
    expect(parseManifest(badKey)).toMatchObject({ ok: false });
  });

  it("refuses deep and oversized input before looking at its shape", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 200; i++) deep = { d: deep };
    const tooDeep = parseManifest(deep);
    expect(!tooDeep.ok && tooDeep.message).toContain("nested too deeply");
    const huge = parseManifest({ format: 1, blob: "x".repeat(17_000_000) });
    expect(!huge.ok && huge.message).toContain("too large");
    expect(parseManifest(null)).toMatchObject({ ok: false });
  });

  it("renders variables and maps other items' ids, leaving the rest alone", () => {
    const item = manifest().workflows[0]!;
    const installedAgent = "33333333-3333-4333-8333-333333333333";
    const out = renderItem(item, { location: "LOC42" }, new Map([[agentId, installedAgent]]));
    expect(out.description).toBe("For LOC42");
    expect(out.definition.nodes[0]!.data).toEqual({
      config: { agent_id: installedAgent, location: "LOC42" },
    });
    expect(item.description).toBe("For {{blueprint.location}}");
  });

  it("hashes content independently of key order", () => {
    expect(stableJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    const item = manifest().workflows[0]!;
    const reordered = {
      definition: item.definition,
      name: item.name,
      key: item.key,
      description: item.description,
    };
    expect(sourceHash(reordered)).toBe(sourceHash(item));
    expect(sourceHash({ ...item, name: "Other" })).not.toBe(sourceHash(item));
  });
});

describe("blueprint variable values", () => {
  const declared = [
    { key: "location", label: "GHL location", type: "ghl_location_id", required: true, description: "" },
    { key: "site", label: "Website", type: "url", required: false, description: "" },
    { key: "owner", label: "Owner email", type: "email", required: true, description: "" },
  ] as const;

  it("checks each value by its type and names the field", () => {
    const bad = checkVariableValues([...declared], { location: "loc 1; drop", site: "javascript:alert(1)" });
    expect(bad).toEqual({
      ok: false,
      fields: {
        "var.location": [expect.stringContaining("Letters, digits")],
        "var.site": [expect.stringContaining("https://")],
        "var.owner": ["Enter Owner email."],
      },
    });
    expect(checkVariableValues([...declared], { location: " Ab12_x ", owner: "a@b.co" })).toEqual({
      ok: true,
      values: { location: "Ab12_x", site: "", owner: "a@b.co" },
    });
  });
});
