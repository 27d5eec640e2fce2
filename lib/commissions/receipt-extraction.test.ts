import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { minorToMajor } from "./money";
import { LlmError } from "@/lib/llm";
import { amountToMinor, answerProblem, readValues } from "./receipt-extraction";
import { checkReceiptFile, cleanFileName, sniffReceiptType } from "./receipt-files";

describe("reading a model's answer about a receipt", () => {
  it("turns amounts into exact minor units, whatever the currency's exponent", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.constantFrom("USD", "JPY", "KWD", "EUR"),
        (minor, currency) => {
          expect(amountToMinor(minorToMajor(minor, currency), currency)).toBe(minor);
        },
      ),
    );
    expect(amountToMinor("$1,234.56", "USD")).toBe(123_456);
    expect(amountToMinor("USD 0.10", "USD")).toBe(10);
    expect(amountToMinor(0.1 + 0.2, "USD")).toBeNull(); // 0.30000000000000004: not a cent amount
    expect(amountToMinor("12.345", "USD")).toBeNull();
    expect(amountToMinor("12.345", "KWD")).toBe(12_345);
    expect(amountToMinor("-5", "USD")).toBeNull();
    expect(amountToMinor("about 12", "USD")).toBeNull();
  });

  it("says why an answer could not be used: prose, the wrong shape, nothing, or the provider's error", () => {
    const answered = (text: string) =>
      new LlmError("The model's answer does not have the structure asked for.", true, undefined, text);
    expect(answerProblem(answered("I cannot read this."))).toMatch(/not the JSON asked for/);
    expect(answerProblem(answered('Here: {"amount": {"value": 3}}'))).toMatch(/did not have the amount/);
    expect(answerProblem(answered("  "))).toBe("The AI provider gave an empty answer");
    expect(answerProblem(new LlmError("The AI provider answered 503: busy.", true, 503))).toBe(
      "The AI provider answered 503: busy",
    );
  });

  it("keeps only values that check out, and says what is missing", () => {
    expect(
      readValues({ amount: "10.5", currency: "usd", date: "2026-02-29", vendor: " A  B " }, null),
    ).toEqual({ amountMinor: 1050, currency: "USD", date: null, vendor: "A B", missing: ["date"] });
    expect(readValues({ amount: "7", currency: null, date: "2024-02-29", vendor: "V" }, null)).toEqual({
      amountMinor: null,
      currency: null,
      date: "2024-02-29",
      vendor: "V",
      missing: ["amount", "currency"],
    });
    expect(readValues({ amount: "7", currency: "$$", date: null, vendor: null }, "JPY").amountMinor).toBe(7);
  });
});

describe("receipt files", () => {
  it("knows a file by its content, not its name", () => {
    expect(sniffReceiptType(Buffer.from("%PDF-1.7 ..."))).toBe("application/pdf");
    expect(sniffReceiptType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe("image/png");
    expect(sniffReceiptType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffReceiptType(Buffer.from("RIFF\0\0\0\0WEBPVP8 "))).toBe("image/webp");
    expect(sniffReceiptType(Buffer.from("GIF89a"))).toBeNull();
    expect(() => checkReceiptFile({ name: "x.pdf", bytes: Buffer.from("<svg/>") })).toThrow(
      /does not match its name/,
    );
    expect(() => checkReceiptFile({ name: "x.gif", bytes: Buffer.from("GIF89a") })).toThrow(/PDF or a photo/);
  });

  it("stores a name safe to send back", () => {
    expect(cleanFileName('C:\\Users\\ana\\re"ceipt\n.pdf', "application/pdf")).toBe("receipt.pdf");
    expect(cleanFileName("", "image/webp")).toBe("receipt.webp");
  });
});
