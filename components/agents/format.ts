/** Dollars of AI cost: cents for what adds up, six decimals below a cent (one run is often less). */
export function formatUsd(value: number): string {
  if (value === 0) return "$0.00";
  return value >= 0.01 ? `$${value.toFixed(2)}` : `$${value.toFixed(6)}`;
}

/** A duration in ms as people read it. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "–";
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
