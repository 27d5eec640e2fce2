import { formatMinor, formatScaled, parseDecimal, roundDiv } from "./money";

/**
 * Pure commission math, exact: amounts are bigint minor units, percentages are decimals scaled by
 * 10^4 ("12.5" → 125000n), multipliers by 10^3. Every result comes with an explanation of the math
 * that a rep can read on their statement.
 */

export const PERCENT_SCALE = 4;
export const MULTIPLIER_SCALE = 3;
const PERCENT_ONE = 10n ** BigInt(PERCENT_SCALE); // 1% = 10^4
const MULT_ONE = 10n ** BigInt(MULTIPLIER_SCALE);
const HUNDRED_PERCENT = 100n * PERCENT_ONE;

export type Tier = { fromPercent: string | number; ratePercent: string | number };

export type RuleSpec = {
  kind: "percentage" | "flat" | "tiered";
  ratePercent?: string | number | null;
  flatAmountMinor?: bigint | null;
  quotaMinor?: bigint | null;
  tiers?: Tier[] | null;
  acceleratorMultiplier?: string | number | null;
  capPerPeriodMinor?: bigint | null;
};

export type CommissionInput = {
  rule: RuleSpec;
  /** The deal credit this team member gets (their split share of the deal). */
  baseMinor: bigint;
  currency: string;
  /** Credit the team member already had under this rule in the period, before this deal. */
  priorBaseMinor?: bigint;
  /** Commission the rule already paid them in the period (for the cap). */
  priorCommissionMinor?: bigint;
};

export type CommissionResult = { amountMinor: bigint; uncappedMinor: bigint; explanation: string };

export function percentOf(base: bigint, percentScaled: bigint): bigint {
  return roundDiv(base * percentScaled, HUNDRED_PERCENT);
}

type Band = { from: bigint; to: bigint | null; rate: bigint; mult: bigint; fromPercent: bigint };

/** The attainment bands of a tiered rule in minor units, lowest first. */
export function tierBands(
  quotaMinor: bigint,
  tiers: Tier[],
  acceleratorMultiplier?: string | number | null,
): Band[] {
  if (quotaMinor <= 0n) throw new RangeError("quota must be positive");
  if (!tiers.length) throw new RangeError("a tiered rule needs at least one tier");
  const mult =
    acceleratorMultiplier == null ? MULT_ONE : parseDecimal(acceleratorMultiplier, MULTIPLIER_SCALE);
  if (mult < MULT_ONE) throw new RangeError("an accelerator multiplier is at least 1");
  const sorted = tiers
    .map((t) => ({
      fromPercent: parseDecimal(t.fromPercent, PERCENT_SCALE),
      rate: parseDecimal(t.ratePercent, PERCENT_SCALE),
    }))
    .sort((a, b) => (a.fromPercent < b.fromPercent ? -1 : a.fromPercent > b.fromPercent ? 1 : 0));
  if (sorted[0]!.fromPercent !== 0n) sorted.unshift({ fromPercent: 0n, rate: 0n });
  return sorted.map((t, i) => {
    const next = sorted[i + 1];
    return {
      fromPercent: t.fromPercent,
      from: (quotaMinor * t.fromPercent) / HUNDRED_PERCENT,
      to: next ? (quotaMinor * next.fromPercent) / HUNDRED_PERCENT : null,
      rate: t.rate,
      // The accelerator multiplies the rates of the bands at or above 100% of quota.
      mult: t.fromPercent >= HUNDRED_PERCENT ? mult : MULT_ONE,
    };
  });
}

/**
 * Tiered commission for a deal that moves attainment from `prior` to `prior + base`: each part of
 * the deal earns the rate of the band it falls in (marginal, like tax brackets), so splitting a
 * deal in two never changes the total by more than rounding.
 */
export function tieredCommission(
  base: bigint,
  prior: bigint,
  quotaMinor: bigint,
  tiers: Tier[],
  acceleratorMultiplier: string | number | null | undefined,
  currency: string,
): { amount: bigint; parts: string[] } {
  const bands = tierBands(quotaMinor, tiers, acceleratorMultiplier);
  const start = prior;
  const end = prior + base;
  let numerator = 0n;
  const parts: string[] = [];
  for (const band of bands) {
    const lo = start > band.from ? start : band.from;
    const hi = band.to === null ? end : end < band.to ? end : band.to;
    if (hi <= lo) continue;
    const portion = hi - lo;
    numerator += portion * band.rate * band.mult;
    const accel = band.mult !== MULT_ONE ? ` × ${formatScaled(band.mult, MULTIPLIER_SCALE)} accelerator` : "";
    parts.push(
      `${formatMinor(portion, currency)} in the ${formatScaled(band.fromPercent, PERCENT_SCALE)}%+ tier at ${formatScaled(band.rate, PERCENT_SCALE)}%${accel}`,
    );
  }
  return { amount: roundDiv(numerator, HUNDRED_PERCENT * MULT_ONE), parts };
}

/** What one rule pays one team member for one deal share, with the cap applied. */
export function computeCommission(input: CommissionInput): CommissionResult {
  const { rule, baseMinor, currency } = input;
  if (baseMinor < 0n) throw new RangeError("the base of a commission cannot be negative");
  const prior = input.priorBaseMinor ?? 0n;
  const priorCommission = input.priorCommissionMinor ?? 0n;
  let uncapped: bigint;
  let how: string;
  switch (rule.kind) {
    case "percentage": {
      const rate = parseDecimal(rule.ratePercent ?? 0, PERCENT_SCALE);
      uncapped = percentOf(baseMinor, rate);
      how = `${formatScaled(rate, PERCENT_SCALE)}% of ${formatMinor(baseMinor, currency)}`;
      break;
    }
    case "flat": {
      uncapped = baseMinor > 0n ? (rule.flatAmountMinor ?? 0n) : 0n;
      how = `flat ${formatMinor(rule.flatAmountMinor ?? 0n, currency)} per deal`;
      break;
    }
    case "tiered": {
      const quota = rule.quotaMinor ?? 0n;
      const t = tieredCommission(
        baseMinor,
        prior,
        quota,
        rule.tiers ?? [],
        rule.acceleratorMultiplier,
        currency,
      );
      uncapped = t.amount;
      const attainedBefore = formatScaled(roundDiv(prior * HUNDRED_PERCENT, quota), PERCENT_SCALE);
      const attainedAfter = formatScaled(
        roundDiv((prior + baseMinor) * HUNDRED_PERCENT, quota),
        PERCENT_SCALE,
      );
      how =
        `attainment ${attainedBefore}% → ${attainedAfter}% of a ${formatMinor(quota, currency)} quota: ` +
        (t.parts.length ? t.parts.join(" + ") : "nothing in a paying tier");
      break;
    }
  }
  let amount = uncapped;
  let capNote = "";
  const cap = rule.capPerPeriodMinor;
  if (cap != null) {
    const room = cap - priorCommission > 0n ? cap - priorCommission : 0n;
    if (amount > room) {
      amount = room;
      capNote = `; capped at ${formatMinor(cap, currency)} per period (${formatMinor(priorCommission, currency)} already earned)`;
    }
  }
  return {
    amountMinor: amount,
    uncappedMinor: uncapped,
    explanation: `${how} = ${formatMinor(uncapped, currency)}${capNote}${capNote ? ` → ${formatMinor(amount, currency)}` : ""}`,
  };
}

/**
 * Splits `total` by integer weights so the parts sum exactly to `total` (largest remainder: each
 * part is floored, and the units left over go to the largest remainders, earliest first on ties).
 */
export function splitByWeights(total: bigint, weights: bigint[]): bigint[] {
  if (!weights.length) throw new RangeError("nothing to split between");
  if (weights.some((w) => w < 0n)) throw new RangeError("weights cannot be negative");
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (sum === 0n) throw new RangeError("weights cannot all be zero");
  const negative = total < 0n;
  const t = negative ? -total : total;
  const floors = weights.map((w) => (t * w) / sum);
  const remainders = weights.map((w, i) => ({ i, r: (t * w) % sum }));
  let left = t - floors.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    floors[i]! += 1n;
    left -= 1n;
  }
  return negative ? floors.map((f) => -f) : floors;
}

/** Split percentages ("70", "30" or 33.3333…) as weights for splitByWeights. */
export function splitDeal(dealMinor: bigint, percents: (string | number)[]): bigint[] {
  return splitByWeights(
    dealMinor,
    percents.map((p) => parseDecimal(p, PERCENT_SCALE)),
  );
}

/**
 * What a commission line should amount to once `refundedMinor` of the `dealMinor` deal has been
 * refunded: proportional to what is left of the deal, so a full refund nets to exactly zero.
 */
export function netAfterRefund(grossMinor: bigint, dealMinor: bigint, refundedMinor: bigint): bigint {
  if (dealMinor <= 0n) throw new RangeError("the deal must be positive");
  if (refundedMinor < 0n || refundedMinor > dealMinor) throw new RangeError("refund out of range");
  return roundDiv(grossMinor * (dealMinor - refundedMinor), dealMinor);
}

/**
 * The clawback line for a commission after a refund: the difference between what the line should
 * net to now and what it nets to already (its amount plus earlier clawbacks). Zero when nothing
 * changes, so applying the same cumulative refund twice adds nothing.
 */
export function clawbackDelta(
  currentNetMinor: bigint,
  grossMinor: bigint,
  dealMinor: bigint,
  refundedMinor: bigint,
): bigint {
  return netAfterRefund(grossMinor, dealMinor, refundedMinor) - currentNetMinor;
}

export function clawbackExplanation(
  grossMinor: bigint,
  dealMinor: bigint,
  refundedMinor: bigint,
  deltaMinor: bigint,
  currency: string,
): string {
  const target = netAfterRefund(grossMinor, dealMinor, refundedMinor);
  return (
    `${formatMinor(refundedMinor, currency)} of the ${formatMinor(dealMinor, currency)} deal refunded: ` +
    `the ${formatMinor(grossMinor, currency)} commission now nets to ${formatMinor(target, currency)}, ` +
    `so ${formatMinor(deltaMinor, currency)} is clawed back`
  );
}
