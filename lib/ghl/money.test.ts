import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { refundOf } from "./refund-sync";
import { toMajorUnits, toMinorUnits } from "./money";

describe("GHL amounts → minor units", () => {
  it("converts through the decimal text, never float arithmetic", () => {
    expect(toMinorUnits(12000, "USD")).toBe(1_200_000);
    expect(toMinorUnits(0.1 + 0.2, "USD")).toBe(30);
    expect(toMinorUnits(5000.5, "usd")).toBe(500_050);
    expect(toMinorUnits("19.99", "EUR")).toBe(1999);
    expect(toMinorUnits(1500, "JPY")).toBe(1500);
    expect(toMinorUnits(1.2345, "KWD")).toBe(1235);
    expect(toMinorUnits(1.005, "USD")).toBe(101);
    expect(toMinorUnits(-3, "USD")).toBe(-300);
  });

  it("refuses what is not an amount", () => {
    expect(() => toMinorUnits(Number.NaN, "USD")).toThrow(RangeError);
    expect(() => toMinorUnits("12,00", "USD")).toThrow(RangeError);
    expect(() => toMinorUnits(1e20, "USD")).toThrow(RangeError);
  });

  it("round-trips every cent amount", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000_00 }), (cents) => {
        expect(toMinorUnits(toMajorUnits(cents, "USD"), "USD")).toBe(cents);
      }),
    );
  });
});

describe("refundOf", () => {
  const base = {
    _id: "t1",
    altId: "loc",
    altType: "location",
    currency: "USD",
    amount: 100,
    status: "succeeded",
    entityType: "invoice",
    entityId: "inv_1",
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-02T00:00:00Z",
  };

  it("reads the cumulative refunded amount and the sale it belongs to", () => {
    expect(refundOf({ ...base, amountRefunded: 25.5, status: "partially_refunded" })).toEqual({
      amountMinor: 2550,
      at: new Date("2026-01-02T00:00:00Z"),
      candidates: [["ghl_invoice", "inv_1"]],
    });
    expect(
      refundOf({ ...base, entityType: "order", entityId: "o_1", status: "refunded" })?.candidates,
    ).toEqual([["ghl_order", "o_1"]]);
  });

  it("ignores transactions with no refund or no sale to match", () => {
    expect(refundOf(base)).toBeNull();
    expect(refundOf({ ...base, amountRefunded: 10, entityType: "subscription" })).toBeNull();
  });

  it("reads an amount without a currency in the location's currency, not USD's", () => {
    const { currency: _currency, ...noCurrency } = base;
    expect(refundOf({ ...noCurrency, amountRefunded: 1500 }, "JPY")?.amountMinor).toBe(1500);
    expect(refundOf({ ...noCurrency, amountRefunded: 1.5 }, "KWD")?.amountMinor).toBe(1500);
    expect(refundOf({ ...base, currency: "EUR", amountRefunded: 2 }, "JPY")?.amountMinor).toBe(200);
  });
});
