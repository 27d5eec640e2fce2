import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  clawbackDelta,
  computeCommission,
  netAfterRefund,
  percentOf,
  splitByWeights,
  splitDeal,
  tieredCommission,
  type Tier,
} from "./math";
import { formatMinor, parseDecimal, parseMajorAmount, roundDiv } from "./money";

const amount = fc.bigInt({ min: 1n, max: 10_000_000_00n });
const rate = fc.integer({ min: 0, max: 1_000_000 }).map((n) => (n / 10_000).toFixed(4)); // 0–100%, 4 decimals

// Tiers: a strictly increasing list of thresholds starting at 0, each with a rate.
const tiers: fc.Arbitrary<Tier[]> = fc
  .uniqueArray(fc.integer({ min: 1, max: 300 }), { maxLength: 4 })
  .chain((thresholds) =>
    fc.array(rate, { minLength: thresholds.length + 1, maxLength: thresholds.length + 1 }).map((rates) =>
      [0, ...thresholds.sort((a, b) => a - b)].map((from, i) => ({
        fromPercent: from,
        ratePercent: rates[i]!,
      })),
    ),
  );
const multiplier = fc.integer({ min: 1000, max: 3000 }).map((n) => (n / 1000).toFixed(3));

describe("money", () => {
  it("rounds half away from zero", () => {
    expect(roundDiv(5n, 2n)).toBe(3n);
    expect(roundDiv(-5n, 2n)).toBe(-3n);
    expect(roundDiv(4n, 3n)).toBe(1n);
    expect(roundDiv(7n, -2n)).toBe(-4n);
  });
  it("parses decimals exactly", () => {
    expect(parseDecimal("12.5", 4)).toBe(125000n);
    expect(parseDecimal(0.1, 4)).toBe(1000n);
    expect(parseDecimal("10.0000", 2)).toBe(1000n);
    expect(() => parseDecimal("1.2345", 2)).toThrow();
    expect(() => parseDecimal("1e3", 2)).toThrow();
    expect(parseMajorAmount("12,000.50", "USD")).toBe(1200050n);
    expect(parseMajorAmount("1200", "JPY")).toBe(1200n);
    expect(formatMinor(1200050n, "usd")).toBe("USD 12,000.50");
    expect(formatMinor(-5n, "USD")).toBe("-USD 0.05");
  });
});

describe("percentage and flat", () => {
  it("pays the rate of the deal, exactly", () => {
    const r = computeCommission({
      rule: { kind: "percentage", ratePercent: "10" },
      baseMinor: 1_200_000n,
      currency: "USD",
    });
    expect(r.amountMinor).toBe(120_000n);
    expect(r.explanation).toBe("10% of USD 12,000.00 = USD 1,200.00");
  });
  it("is within half a minor unit of the true product", () => {
    fc.assert(
      fc.property(amount, rate, (base, r) => {
        const scaled = parseDecimal(r, 4);
        const got = percentOf(base, scaled);
        // |got − base·r/100| ≤ ½  ⇔  |2·got·10^6 − 2·base·r·10^4| ≤ 10^6
        const diff = 2n * got * 1_000_000n - 2n * base * scaled;
        expect(diff < 0n ? -diff : diff).toBeLessThanOrEqual(1_000_000n);
      }),
    );
  });
  it("pays a flat amount per deal whatever its size", () => {
    fc.assert(
      fc.property(amount, fc.bigInt({ min: 0n, max: 1_000_000n }), (base, flat) => {
        const r = computeCommission({
          rule: { kind: "flat", flatAmountMinor: flat },
          baseMinor: base,
          currency: "USD",
        });
        expect(r.amountMinor).toBe(flat);
      }),
    );
  });
});

describe("tiers by period attainment", () => {
  const quota = fc.bigInt({ min: 1000n, max: 100_000_000n });

  it("one tier is a plain percentage", () => {
    fc.assert(
      fc.property(amount, fc.bigInt({ min: 0n, max: 1_000_000_000n }), quota, rate, (base, prior, q, r) => {
        const t = tieredCommission(base, prior, q, [{ fromPercent: 0, ratePercent: r }], null, "USD");
        expect(t.amount).toBe(percentOf(base, parseDecimal(r, 4)));
      }),
    );
  });

  it("is marginal: splitting a deal in two changes the total by at most rounding", () => {
    fc.assert(
      fc.property(
        amount,
        amount,
        fc.bigInt({ min: 0n, max: 100_000_000n }),
        quota,
        tiers,
        multiplier,
        (a, b, prior, q, ts, m) => {
          const whole = tieredCommission(a + b, prior, q, ts, m, "USD").amount;
          const first = tieredCommission(a, prior, q, ts, m, "USD").amount;
          const second = tieredCommission(b, prior + a, q, ts, m, "USD").amount;
          const diff = whole - first - second;
          expect(diff >= -1n && diff <= 1n).toBe(true);
        },
      ),
    );
  });

  it("pays each part of the deal the rate of the band it falls in", () => {
    // Quota 100,000.00; 5% up to 50%, 8% up to 100%, 10% above with a 1.5× accelerator.
    const ts = [
      { fromPercent: 0, ratePercent: 5 },
      { fromPercent: 50, ratePercent: 8 },
      { fromPercent: 100, ratePercent: 10 },
    ];
    // From 40,000 to 120,000 of attainment: 10,000 at 5% + 50,000 at 8% + 20,000 at 15%.
    const t = tieredCommission(8_000_000n, 4_000_000n, 10_000_000n, ts, "1.5", "USD");
    expect(t.amount).toBe(50_000n + 400_000n + 300_000n);
    const r = computeCommission({
      rule: { kind: "tiered", quotaMinor: 10_000_000n, tiers: ts, acceleratorMultiplier: "1.5" },
      baseMinor: 8_000_000n,
      priorBaseMinor: 4_000_000n,
      currency: "USD",
    });
    expect(r.explanation).toContain("attainment 40% → 120%");
    expect(r.explanation).toContain("× 1.5 accelerator");
  });

  it("accelerators never pay less, and pay more only above quota", () => {
    fc.assert(
      fc.property(
        amount,
        fc.bigInt({ min: 0n, max: 100_000_000n }),
        quota,
        tiers,
        multiplier,
        (base, prior, q, ts, m) => {
          const plain = tieredCommission(base, prior, q, ts, null, "USD").amount;
          const accel = tieredCommission(base, prior, q, ts, m, "USD").amount;
          expect(accel).toBeGreaterThanOrEqual(plain);
          if (prior + base <= q) expect(accel).toBe(plain);
        },
      ),
    );
  });

  it("with rising rates, the same deal pays at least as much later in the period", () => {
    const rising = fc
      .array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 4 })
      .map((rs) => [...rs].sort((a, b) => a - b).map((r, i) => ({ fromPercent: i * 50, ratePercent: r })));
    fc.assert(
      fc.property(
        amount,
        fc.bigInt({ min: 0n, max: 100_000_000n }),
        fc.bigInt({ min: 0n, max: 100_000_000n }),
        quota,
        rising,
        (base, p1, extra, q, ts) => {
          const early = tieredCommission(base, p1, q, ts, null, "USD").amount;
          const late = tieredCommission(base, p1 + extra, q, ts, null, "USD").amount;
          expect(late).toBeGreaterThanOrEqual(early);
        },
      ),
    );
  });
});

describe("caps per period", () => {
  it("a period's deals never pay more than the cap, and pay exactly min(cap, uncapped)", () => {
    fc.assert(
      fc.property(
        fc.array(amount, { minLength: 1, maxLength: 20 }),
        rate,
        fc.bigInt({ min: 0n, max: 5_000_000n }),
        (deals, r, cap) => {
          let paid = 0n;
          let uncapped = 0n;
          for (const d of deals) {
            const res = computeCommission({
              rule: { kind: "percentage", ratePercent: r, capPerPeriodMinor: cap },
              baseMinor: d,
              currency: "USD",
              priorCommissionMinor: paid,
            });
            expect(res.amountMinor).toBeGreaterThanOrEqual(0n);
            paid += res.amountMinor;
            uncapped += res.uncappedMinor;
          }
          expect(paid).toBe(uncapped < cap ? uncapped : cap);
        },
      ),
    );
  });
});

describe("splits", () => {
  it("shares sum exactly to the deal, each within one unit of its exact share", () => {
    fc.assert(
      fc.property(
        amount,
        fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 10 }),
        (deal, ws) => {
          const weights = ws.map(BigInt);
          const parts = splitByWeights(deal, weights);
          expect(parts.reduce((a, b) => a + b, 0n)).toBe(deal);
          const sum = weights.reduce((a, b) => a + b, 0n);
          parts.forEach((p, i) => {
            const exactTimesSum = deal * weights[i]!;
            const diff = p * sum - exactTimesSum;
            expect(diff > -sum && diff < sum).toBe(true);
          });
        },
      ),
    );
  });
  it("splits a deal by percentages like 33.3333 / 33.3333 / 33.3334", () => {
    expect(splitDeal(100n, ["33.3333", "33.3333", "33.3334"])).toEqual([33n, 33n, 34n]);
    expect(splitDeal(1_200_000n, [70, 30])).toEqual([840_000n, 360_000n]);
    expect(splitDeal(1n, [50, 50])).toEqual([1n, 0n]);
  });
});

describe("refund clawbacks", () => {
  it("a full refund nets every line to zero over approve → pay → refund → next payout", () => {
    fc.assert(
      fc.property(
        amount,
        fc.array(fc.bigInt({ min: 0n, max: 10_000_000n }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.bigInt({ min: 1n, max: 1_000_000n }), { maxLength: 4 }),
        (deal, grosses, partials) => {
          // Pay every line (first payout), then refund in steps, ending with a full refund;
          // every step's clawbacks go into the next payout.
          const net = grosses.map((g) => g);
          let payouts = grosses.reduce((a, b) => a + b, 0n);
          let refunded = 0n;
          const steps = [
            ...partials.map((p) => (refunded = refunded + p > deal ? deal : refunded + p)),
            deal,
          ];
          for (const r of steps) {
            let nextPayout = 0n;
            grosses.forEach((g, i) => {
              const delta = clawbackDelta(net[i]!, g, deal, r);
              expect(delta).toBeLessThanOrEqual(0n);
              net[i]! += delta;
              nextPayout += delta;
            });
            payouts += nextPayout;
          }
          expect(net.every((n) => n === 0n)).toBe(true);
          expect(payouts).toBe(0n);
        },
      ),
    );
  });
  it("is idempotent: the same cumulative refund twice claws back nothing more", () => {
    fc.assert(
      fc.property(
        amount,
        fc.bigInt({ min: 0n, max: 10_000_000n }),
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        (deal, gross, r0) => {
          const r = r0 > deal ? deal : r0;
          const first = clawbackDelta(gross, gross, deal, r);
          expect(clawbackDelta(gross + first, gross, deal, r)).toBe(0n);
          expect(gross + first).toBe(netAfterRefund(gross, deal, r));
        },
      ),
    );
  });
  it("a partial refund keeps the commission proportional to what is left", () => {
    expect(netAfterRefund(120_000n, 1_200_000n, 300_000n)).toBe(90_000n);
    expect(clawbackDelta(120_000n, 120_000n, 1_200_000n, 300_000n)).toBe(-30_000n);
  });
});
