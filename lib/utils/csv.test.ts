import { describe, expect, it } from "vitest";
import { parseCsv, toCsvLine } from "./csv";

describe("parseCsv", () => {
  it("reads quoted fields, escaped quotes, embedded commas and line breaks", () => {
    const text = '\ufeffname,note\r\n"Ana, Jr.","said ""hi""\nthere"\nBo,\n';
    expect(parseCsv(text)).toEqual([
      ["name", "note"],
      ["Ana, Jr.", 'said "hi"\nthere'],
      ["Bo", ""],
    ]);
  });

  it("keeps a last line without a line break", () => {
    expect(parseCsv("a,b\n1,2")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });
});

describe("toCsvLine", () => {
  it("quotes what needs quoting and defuses formulas", () => {
    expect(toCsvLine(["a,b", 'x"y', null, 3, "=SUM(A1)"])).toBe('"a,b","x""y",,3,\'=SUM(A1)');
  });
});
