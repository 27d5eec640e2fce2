import { formatMinor } from "@/lib/commissions/money";
import type { MonthlyTotal } from "@/lib/commissions/calculations";

const COLORS = ["#2563eb", "#16a34a", "#d97706", "#9333ea", "#dc2626", "#0891b2", "#4f46e5", "#65a30d"];
const MAX_REPS = 7;

/**
 * Earned commissions (approved + paid) by rep and month, as stacked bars in plain SVG, with the
 * same figures in a table for screen readers and exact reading. Heights only are approximate.
 */
export function CommissionsChart({
  totals,
  months,
  currency,
}: {
  totals: MonthlyTotal[];
  months: string[];
  currency: string;
}) {
  const rows = totals.filter((t) => t.currency === currency);
  const byRep = new Map<string, { name: string; sum: bigint }>();
  for (const t of rows) {
    const r = byRep.get(t.team_member_id) ?? { name: t.full_name, sum: 0n };
    r.sum += BigInt(t.earned);
    byRep.set(t.team_member_id, r);
  }
  const ranked = [...byRep.entries()].sort((a, b) =>
    a[1].sum === b[1].sum ? a[1].name.localeCompare(b[1].name) : a[1].sum > b[1].sum ? -1 : 1,
  );
  const shown = ranked.slice(0, MAX_REPS).map(([id, r]) => ({ id, name: r.name }));
  const series = ranked.length > MAX_REPS ? [...shown, { id: "others", name: "Others" }] : shown;
  const seriesOf = (id: string) => (shown.some((s) => s.id === id) ? id : "others");
  const cell = new Map<string, bigint>();
  for (const t of rows) {
    const k = `${t.period_month.slice(0, 7)}|${seriesOf(t.team_member_id)}`;
    cell.set(k, (cell.get(k) ?? 0n) + BigInt(t.earned));
  }
  const monthTotal = (m: string) => series.reduce((a, s) => a + (cell.get(`${m}|${s.id}`) ?? 0n), 0n);
  const max = months.reduce((a, m) => (monthTotal(m) > a ? monthTotal(m) : a), 0n);

  const W = 640;
  const H = 240;
  const pad = { top: 12, bottom: 28, left: 8, right: 8 };
  const slot = (W - pad.left - pad.right) / Math.max(months.length, 1);
  const barW = Math.min(48, slot * 0.6);
  const scale = (v: bigint) => (max === 0n ? 0 : (Number(v) / Number(max)) * (H - pad.top - pad.bottom));

  return (
    <figure className="flex flex-col gap-3">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby="commissions-chart-title"
        className="h-auto w-full"
      >
        <title id="commissions-chart-title">{`Earned commissions by rep and month, in ${currency}`}</title>
        <line
          x1={pad.left}
          x2={W - pad.right}
          y1={H - pad.bottom}
          y2={H - pad.bottom}
          stroke="currentColor"
          strokeOpacity={0.2}
        />
        {months.map((m, i) => {
          const x = pad.left + i * slot + (slot - barW) / 2;
          let y = H - pad.bottom;
          return (
            <g key={m}>
              {series.map((s, si) => {
                const v = cell.get(`${m}|${s.id}`) ?? 0n;
                if (v <= 0n) return null;
                const h = scale(v);
                y -= h;
                return (
                  <rect
                    key={s.id}
                    x={x}
                    y={y}
                    width={barW}
                    height={h}
                    fill={COLORS[si % COLORS.length]}
                    rx={2}
                  >
                    <title>{`${s.name}, ${m}: ${formatMinor(v, currency)}`}</title>
                  </rect>
                );
              })}
              <text
                x={x + barW / 2}
                y={H - 8}
                textAnchor="middle"
                fontSize={11}
                fill="currentColor"
                fillOpacity={0.7}
              >
                {m}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          {series.map((s, i) => (
            <li key={s.id} className="flex items-center gap-1.5">
              <span
                aria-hidden="true"
                className="inline-block size-3 rounded-sm"
                style={{ background: COLORS[i % COLORS.length] }}
              />
              {s.name}
            </li>
          ))}
        </ul>
      </figcaption>
      <details className="text-sm">
        <summary className="cursor-pointer text-muted-foreground">Show the figures</summary>
        <div className="mt-2 overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">Earned commissions by rep and month</caption>
            <thead>
              <tr className="border-b text-left text-xs text-muted-foreground">
                <th scope="col" className="py-1 pr-3">
                  Rep
                </th>
                {months.map((m) => (
                  <th key={m} scope="col" className="py-1 pr-3 text-right">
                    {m}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {series.map((s) => (
                <tr key={s.id} className="border-b last:border-0">
                  <th scope="row" className="py-1 pr-3 text-left font-normal">
                    {s.name}
                  </th>
                  {months.map((m) => (
                    <td key={m} className="py-1 pr-3 text-right whitespace-nowrap tabular-nums">
                      {formatMinor(cell.get(`${m}|${s.id}`) ?? 0n, currency)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
