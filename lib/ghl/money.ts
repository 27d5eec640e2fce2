/**
 * GoHighLevel sends amounts as decimal numbers in major units (`"amount": 1200.5` is $1,200.50).
 * Orgflow keeps integer minor units; the conversion goes through the number's decimal text, so
 * 0.1 + 0.2 style float noise never reaches a stored amount.
 */

const exponents = new Map<string, number>();

/** Digits after the decimal point in `currency` (USD 2, JPY 0, KWD 3). */
export function currencyExponent(currency: string): number {
  const code = currency.toUpperCase();
  let digits = exponents.get(code);
  if (digits === undefined) {
    try {
      digits =
        new Intl.NumberFormat("en", { style: "currency", currency: code }).resolvedOptions()
          .maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    exponents.set(code, digits);
  }
  return digits;
}

/**
 * Major units (a number or its decimal text) → integer minor units, rounding half away from zero
 * past the currency's digits. Throws on anything that is not a finite decimal.
 */
export function toMinorUnits(amount: number | string, currency: string): number {
  const text = typeof amount === "number" ? numberText(amount) : amount.trim();
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new RangeError(`"${text}" is not an amount.`);
  const [, sign, whole, fraction = ""] = match;
  const digits = currencyExponent(currency);
  const kept = (fraction + "0".repeat(digits)).slice(0, digits);
  let minor = BigInt(whole!) * 10n ** BigInt(digits) + BigInt(kept || "0");
  if ((fraction[digits] ?? "0") >= "5") minor += 1n;
  const value = Number(minor);
  if (!Number.isSafeInteger(value)) throw new RangeError(`${text} is too large an amount.`);
  return sign === "-" ? -value : value;
}

/** Minor units → a major-unit number, for payloads that show amounts (never for arithmetic). */
export function toMajorUnits(minor: number, currency: string): number {
  const digits = currencyExponent(currency);
  return Number(`${minor < 0 ? "-" : ""}${formatDigits(Math.abs(minor), digits)}`);
}

function formatDigits(minor: number, digits: number): string {
  if (digits === 0) return String(minor);
  const s = String(minor).padStart(digits + 1, "0");
  return `${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`${n} is not an amount.`);
  // Plain decimal notation even for 1e-7 or 1e21 (toFixed keeps up to 20 digits exactly enough).
  const s = String(n);
  return /e/i.test(s) ? n.toFixed(20).replace(/\.?0+$/, "") : s;
}
