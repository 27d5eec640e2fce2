import { describe, expect, it } from "vitest";
import { parseTransactionsCsv, type CsvMember } from "./transactions";

const members: CsvMember[] = [
  {
    id: "11111111-1111-4111-8111-111111111111",
    email: "ana@example.test",
    external_id: "ghl-ana",
    full_name: "Ana Rep",
  },
  { id: "22222222-2222-4222-8222-222222222222", email: null, external_id: null, full_name: "Sam Twin" },
  { id: "33333333-3333-4333-8333-333333333333", email: null, external_id: null, full_name: "Sam Twin" },
];

describe("parseTransactionsCsv", () => {
  it("reads good rows exactly, finding reps by email, GHL id or name", () => {
    const csv =
      "\uFEFFExternal ID,Amount,Currency,Paid At,Rep,Description\r\n" +
      'a-1,"12,000.50",usd,2026-03-15,ana@example.test,"Deal, with comma"\r\n' +
      "a-2,100,JPY,2026-03-16T09:30:00Z,ghl-ana,\r\n" +
      "a-3,0.1,USD,2026-03-17,Ana Rep,\r\n" +
      "a-4,5,USD,2026-03-18,ghl-someone-new,\r\n" +
      ",,,,,\r\n";
    const { rows, errors } = parseTransactionsCsv(csv, members);
    expect(errors).toEqual([]);
    expect(
      rows.map((r) => [r.line, r.externalId, r.amountMinor, r.currency, r.teamMemberId, r.ghlUserId]),
    ).toEqual([
      [2, "a-1", 1_200_050, "USD", members[0]!.id, null],
      [3, "a-2", 100, "JPY", members[0]!.id, null],
      [4, "a-3", 10, "USD", members[0]!.id, null],
      [5, "a-4", 500, "USD", null, "ghl-someone-new"],
    ]);
    expect(rows[0]!.description).toBe("Deal, with comma");
    expect(rows[0]!.paidAt.toISOString()).toBe("2026-03-15T12:00:00.000Z");
  });

  it("reports every bad row with its line number and what is wrong", () => {
    const csv = [
      "external_id,amount,currency,paid_at,rep",
      "b-1,12.345,USD,2026-03-15,",
      "b-2,-5,USD,2026-03-15,",
      "b-3,10,dollars,2026-03-15,",
      "b-4,10,USD,15/03/2026,",
      "b-5,10,USD,2026-03-15,Sam Twin",
      "b-6,10,USD,2026-03-15,who@example.test",
      "b-7,10,USD,2026-03-15,",
      "b-7,10,USD,2026-03-15,",
      ",10,USD,2026-03-15,",
    ].join("\n");
    const { rows, errors } = parseTransactionsCsv(csv, members);
    expect(rows.map((r) => r.externalId)).toEqual(["b-7"]);
    expect(errors.map((e) => e.row)).toEqual([2, 3, 4, 5, 6, 7, 9, 10]);
    expect(errors[0]!.messages[0]).toMatch(/amount "12.345"/);
    expect(errors[2]!.messages[0]).toMatch(/currency/);
    expect(errors[3]!.messages[0]).toMatch(/paid_at/);
    expect(errors[4]!.messages[0]).toMatch(/matches no single team member/);
    expect(errors[6]!.messages[0]).toMatch(/appears twice/);
    expect(errors[7]!.messages[0]).toMatch(/external_id is empty/);
  });

  it("refuses a file without the needed columns or rows", () => {
    expect(() => parseTransactionsCsv("external_id,amount\nx,1", members)).toThrow(/lacks currency, paid_at/);
    expect(() => parseTransactionsCsv("external_id,amount,currency,paid_at\n", members)).toThrow(/no rows/);
  });
});
