/**
 * Wall-clock time in milliseconds with a fraction (Date.now() has whole milliseconds only, and a
 * step often takes less than one): step timings keep microseconds, as timestamptz does.
 */
export function preciseNow(): number {
  const wall = Date.now();
  const t = performance.now() + offset;
  // The monotonic clock and the wall clock part over time (NTP steps, drift in a long-lived
  // worker): re-anchored whenever they differ by a millisecond or more.
  if (Math.abs(t - wall) >= 1) {
    offset = wall - performance.now();
    return wall;
  }
  return t;
}

let offset = performance.timeOrigin;

/** `ms` (from preciseNow) as an ISO timestamp with microseconds, which Postgres keeps. */
export function preciseIso(ms: number): string {
  const whole = Math.floor(ms);
  const micros = Math.min(999, Math.floor((ms - whole) * 1000));
  return new Date(whole).toISOString().replace(/Z$/, `${String(micros).padStart(3, "0")}Z`);
}
