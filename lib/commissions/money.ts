/**
 * Exact money: amounts are integers in minor units (bigint inside the math, safe integers at the
 * edges), percentages are decimals scaled to integers. Never a float in between.
 */

/** Currencies whose minor unit is not a hundredth (ISO 4217 exponents). */
const EXPONENTS: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency.toUpperCase()] ?? 2;
}

/** `numerator / denominator` rounded half away from zero. */
export function roundDiv(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError("division by zero");
  if (denominator < 0n) return roundDiv(-numerator, -denominator);
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  const q = n / denominator;
  const r = n % denominator;
  const rounded = r * 2n >= denominator ? q + 1n : q;
  return negative ? -rounded : rounded;
}

/**
 * A decimal string or number ("12.5", 12.5, "10.0000") as an integer scaled by 10^scale, exactly
 * (no float arithmetic on the digits). Throws on anything that is not a plain decimal.
 */
export function parseDecimal(value: string | number, scale: number): bigint {
  const text = typeof value === "number" ? numberToPlainString(value) : value.trim();
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new RangeError(`not a decimal number: ${JSON.stringify(value)}`);
  const [, sign, whole, frac = ""] = m;
  if (frac.length > scale && /[1-9]/.test(frac.slice(scale))) {
    throw new RangeError(`${text} has more than ${scale} decimals`);
  }
  const digits = BigInt(whole! + frac.slice(0, scale).padEnd(scale, "0"));
  return sign ? -digits : digits;
}

function numberToPlainString(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
  // Up to 10 decimals is far more than any rate we store (4) and avoids exponent notation.
  return n.toFixed(10).replace(/\.?0+$/, "");
}

/** A scaled integer back to its shortest decimal string (125000n, 4 → "12.5"). */
export function formatScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale).replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${frac ? `.${frac}` : ""}`;
}

/** "USD 12,000.00" (minor units → a plain, locale-free string; UI code may format further). */
export function formatMinor(amount: bigint | number, currency: string): string {
  const exp = currencyExponent(currency);
  const v = BigInt(amount);
  const negative = v < 0n;
  const digits = (negative ? -v : v).toString().padStart(exp + 1, "0");
  const whole = digits.slice(0, digits.length - exp).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const frac = exp > 0 ? `.${digits.slice(digits.length - exp)}` : "";
  return `${negative ? "-" : ""}${currency.toUpperCase()} ${whole}${frac}`;
}

/** Parses "12000", "12,000.50", "12000.5" in a currency into minor units, exactly. */
export function parseMajorAmount(text: string, currency: string): bigint {
  const cleaned = text
    .trim()
    .replace(/[,\s_]/g, "")
    .replace(/^[$€£]/, "");
  const exp = currencyExponent(currency);
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) throw new RangeError(`"${text}" is not an amount`);
  return parseDecimal(cleaned, exp);
}

/** A bigint (or numeric string from SQL) as a safe JS integer, or a RangeError. */
export function toSafeNumber(value: bigint | string | number): number {
  const b = typeof value === "bigint" ? value : BigInt(value);
  if (b > BigInt(Number.MAX_SAFE_INTEGER) || b < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`amount ${b} is beyond the safe integer range`);
  }
  return Number(b);
}

/** Minor units as a plain decimal in major units, all decimals kept ("120000", USD → "1200.00"). */
export function minorToMajor(amount: bigint | string | number, currency: string): string {
  const exp = currencyExponent(currency);
  const v = BigInt(amount);
  const negative = v < 0n;
  const digits = (negative ? -v : v).toString().padStart(exp + 1, "0");
  const whole = digits.slice(0, digits.length - exp);
  return `${negative ? "-" : ""}${whole}${exp > 0 ? `.${digits.slice(digits.length - exp)}` : ""}`;
}
