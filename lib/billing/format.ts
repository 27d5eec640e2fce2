/** Formatting for billing pages. Amounts are integers in the currency's minor unit, as Stripe counts. */

/** How many minor units make one major unit (USD 2, JPY 0, KWD 3), as Intl knows it. */
export function minorUnitDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat("en-US", {
        style: "currency",
        currency: currency.toUpperCase(),
      }).resolvedOptions().maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

/** 2900, "usd" → "$29"; 2950 → "$29.50"; whole amounts drop their cents. */
export function formatMoney(amountMinor: number, currency: string, locale = "en-US"): string {
  const digits = minorUnitDigits(currency);
  const major = amountMinor / 10 ** digits;
  const whole = Number.isInteger(major);
  try {
    return new Intl.NumberFormat(locale, {
      style: "currency",
      currency: currency.toUpperCase(),
      minimumFractionDigits: whole ? 0 : digits,
      maximumFractionDigits: digits,
    }).format(major);
  } catch {
    return `${major.toFixed(whole ? 0 : digits)} ${currency.toUpperCase()}`;
  }
}

export function formatCount(n: number, locale = "en-US"): string {
  return new Intl.NumberFormat(locale).format(n);
}

/** 50 → "50 MB", 2048 → "2 GB", 10240 → "10 GB". */
export function formatMegabytes(mb: number): string {
  if (mb >= 1024 && mb % 1024 === 0) return `${formatCount(mb / 1024)} GB`;
  if (mb >= 1024) return `${(mb / 1024).toFixed(1)} GB`;
  return `${formatCount(mb)} MB`;
}

/** "Nov 21, 2026", in UTC so server and browser agree. */
export function formatDay(date: Date | string, locale = "en-US"): string {
  const d = typeof date === "string" ? new Date(`${date.length === 10 ? `${date}T00:00:00Z` : date}`) : date;
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(d);
}
