import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseFirstRow, parseIds, parseRows } from "./rows";

const row = z.object({ id: z.string(), total: z.string(), closed_at: z.date().nullable() });

describe("parsing SQL rows", () => {
  it("returns the rows typed by their schema, dropping columns it does not name", () => {
    const at = new Date("2026-01-01T00:00:00Z");
    expect(parseRows(row, [{ id: "a", total: "10", closed_at: at, extra: 1 }])).toEqual([
      { id: "a", total: "10", closed_at: at },
    ]);
  });

  it("fails loudly on a renamed column or a changed type, instead of passing undefined on", () => {
    expect(() => parseRows(row, [{ id: "a", sum: "10", closed_at: null }])).toThrow(/total/);
    expect(() => parseRows(row, [{ id: "a", total: 10n, closed_at: null }])).toThrow();
  });

  it("reads the first row or undefined, and the ids of a returning clause", () => {
    expect(parseFirstRow(row, [])).toBeUndefined();
    expect(parseFirstRow(row, [{ id: "b", total: "1", closed_at: null }])?.id).toBe("b");
    expect(parseIds([{ id: "x" }, { id: "y" }])).toEqual(["x", "y"]);
    expect(() => parseIds([{ uuid: "x" }])).toThrow();
  });
});
