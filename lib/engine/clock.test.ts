import { describe, expect, it } from "vitest";
import { preciseIso, preciseNow } from "./clock";

describe("precise step timestamps", () => {
  it("keeps microseconds in the ISO form Postgres stores", () => {
    const ms = Date.UTC(2026, 11, 7, 14, 0, 0, 123) + 0.4567;
    expect(preciseIso(ms)).toBe("2026-12-07T14:00:00.123456Z");
    expect(preciseIso(Date.UTC(2026, 0, 1))).toBe("2026-01-01T00:00:00.000000Z");
  });

  it("tells apart moments less than a millisecond apart, on the wall clock", () => {
    const a = preciseNow();
    let b = preciseNow();
    while (b === a) b = preciseNow();
    expect(b - a).toBeLessThan(1000);
    expect(Math.abs(a - Date.now())).toBeLessThan(1000);
  });
});
