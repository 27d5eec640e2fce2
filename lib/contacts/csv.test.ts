import { describe, expect, it } from "vitest";
import { contactsToCsv, guessMapping, importBatches, mapRows, readContactsCsv } from "./csv";
import { contactFieldsSchema, IMPORT_MAX_ROWS, type Contact } from "./schemas";

describe("readContactsCsv", () => {
  it("reads quoted cells with commas and line breaks, a BOM and CRLF ends, and skips blank lines", () => {
    const text =
      '\uFEFFFirst Name,Email,Notes\r\n"Silva, Ana",ana@example.com,"two\nlines"\r\n\r\nBo,bo@example.com,x\r\n';
    const read = readContactsCsv(text);
    expect(read).toEqual({
      ok: true,
      table: {
        header: ["First Name", "Email", "Notes"],
        rows: [
          ["Silva, Ana", "ana@example.com", "two\nlines"],
          ["Bo", "bo@example.com", "x"],
        ],
      },
    });
  });

  it("says what is wrong with an empty, header-only, too long or badly quoted file", () => {
    expect(readContactsCsv("")).toMatchObject({ ok: false, message: expect.stringContaining("empty") });
    expect(readContactsCsv("email\n")).toMatchObject({
      ok: false,
      message: expect.stringContaining("no contacts"),
    });
    const long = `email\n${"a@example.com\n".repeat(IMPORT_MAX_ROWS + 1)}`;
    expect(readContactsCsv(long)).toMatchObject({ ok: false, message: expect.stringContaining("5,000") });
    expect(readContactsCsv('email\n"open@example.com\n')).toMatchObject({
      ok: false,
      message: expect.stringContaining("Line 2"),
    });
    expect(readContactsCsv(`email\n${"x".repeat(2 * 1024 * 1024)}`)).toMatchObject({
      ok: false,
      message: expect.stringContaining("2 MB"),
    });
  });
});

describe("guessMapping and mapRows", () => {
  it("maps common headers to fields, each field once, and leaves unknown columns out", () => {
    const mapping = guessMapping([
      "E-mail",
      "First name",
      "Surname",
      "Mobile",
      "Company",
      "Tags",
      "Notes",
      "Email",
    ]);
    expect(mapping).toEqual([
      "email",
      "first_name",
      "last_name",
      "phone",
      "company_name",
      "tags",
      null,
      null,
    ]);
    expect(mapRows([["a@x.io", " Ana ", "Silva", "", "Roofs", "vip, new", "hi", "b@x.io"]], mapping)).toEqual(
      [
        {
          email: "a@x.io",
          first_name: "Ana",
          last_name: "Silva",
          phone: "",
          company_name: "Roofs",
          tags: "vip, new",
        },
      ],
    );
  });
});

describe("importBatches", () => {
  it("cuts by rows and by size, numbering each batch by its first file line", () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({
      first_name: `R${i}`,
      tags: "x".repeat(i === 3 ? 50 : 1),
    }));
    const batches = importBatches(rows, 2, 80);
    expect(batches.map((b) => [b.firstLine, b.count])).toEqual([
      [2, 2],
      [4, 1],
      [5, 1],
      [6, 1],
    ]);
    expect(batches.flatMap((b) => JSON.parse(b.json))).toEqual(rows);
    expect(batches.every((b) => b.json.length <= 80 || b.count === 1)).toBe(true);
  });
});

describe("contactFieldsSchema", () => {
  it("treats empty cells as missing, lower-cases emails and splits tags", () => {
    expect(
      contactFieldsSchema.parse({ first_name: "", email: "Ana@Example.COM", tags: "vip, , vip,new" }),
    ).toEqual({
      first_name: null,
      last_name: null,
      email: "ana@example.com",
      phone: null,
      company_name: null,
      tags: ["vip", "new"],
    });
  });

  it("needs a name, an email or a phone, and a real email", () => {
    const empty = contactFieldsSchema.safeParse({ company_name: "Roofs" });
    expect(empty.error?.issues[0]?.message).toBe("Give at least a name, an email or a phone number.");
    const bad = contactFieldsSchema.safeParse({ email: "not-an-email" });
    expect(bad.error?.issues[0]?.message).toContain("name@example.com");
  });
});

describe("contactsToCsv", () => {
  it("writes a header and defuses cells a spreadsheet would run as formulas", () => {
    const contact: Contact = {
      id: "00000000-0000-4000-8000-000000000001",
      first_name: "=HYPERLINK(1)",
      last_name: "Silva",
      email: "ana@example.com",
      phone: "+1 555 0101",
      company_name: 'Roofs "R" Us',
      tags: ["vip", "new"],
      source: "csv",
      ghl_contact_id: null,
      merged_contact_ids: [],
      created_at: new Date("2026-12-01T10:00:00Z"),
      updated_at: new Date("2026-12-01T10:00:00Z"),
    };
    expect(contactsToCsv([contact]).split("\r\n")).toEqual([
      "first_name,last_name,email,phone,company_name,tags,source,ghl_contact_id,created_at",
      `'=HYPERLINK(1),Silva,ana@example.com,'+1 555 0101,"Roofs ""R"" Us","vip, new",csv,,2026-12-01T10:00:00.000Z`,
      "",
    ]);
    // What was exported reads back as the same rows.
    const read = readContactsCsv(contactsToCsv([contact]));
    expect(read.ok && mapRows(read.table.rows, guessMapping(read.table.header))[0]).toMatchObject({
      first_name: "=HYPERLINK(1)",
      phone: "+1 555 0101",
      tags: "vip, new",
    });
  });
});
