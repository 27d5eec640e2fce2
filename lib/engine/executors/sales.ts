import { formatMinor } from "@/lib/commissions/money";
import { withServiceRoleBypassingRls } from "@/lib/db/client";
import type { EngineExecutor } from "@/lib/engine/types";

const DAY_MS = 86_400_000;
const MAX_REPS = 50;

type Row = { rep_id: string | null; rep: string | null; currency: string; count: number; net_minor: string };
type Totals = Map<string, bigint>;

/** "USD 1,200.00 + EUR 300.00"; "USD 0.00" style zero when there were no sales. */
function formatTotals(totals: Totals, fallbackCurrency: string): string {
  if (totals.size === 0) return formatMinor(0n, fallbackCurrency);
  return [...totals.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, minor]) => formatMinor(minor, currency))
    .join(" + ");
}

function add(totals: Totals, currency: string, minor: bigint) {
  totals.set(currency, (totals.get(currency) ?? 0n) + minor);
}

/**
 * sales_summary: the run's own organization's sales paid in the last `days` days (the service path
 * reads them, so the query names the organization itself), net of refunds, fully refunded ones
 * left out; in total and by rep (the team member the sale is assigned to, else "Unassigned").
 */
export const salesSummary: EngineExecutor = async (config, context) => {
  const days = Number(config.days);
  const to = new Date();
  const from = new Date(to.getTime() - days * DAY_MS);
  const rows = await withServiceRoleBypassingRls(
    (tx) => tx<Row[]>`
      select s.team_member_id as rep_id, tm.full_name as rep, s.currency, count(*)::int as count,
             sum(s.amount_minor - s.refunded_amount_minor)::text as net_minor
      from public.sales_transactions s
      left join public.team_members tm on tm.id = s.team_member_id and tm.organization_id = s.organization_id
      where s.organization_id = ${context.organization.id}
        and s.paid_at >= ${from} and s.paid_at < ${to}
        and s.refunded_amount_minor < s.amount_minor
      group by s.team_member_id, tm.full_name, s.currency`,
    context.db,
  );
  const total: Totals = new Map();
  const reps = new Map<string, { name: string; count: number; totals: Totals }>();
  let count = 0;
  for (const row of rows) {
    const minor = BigInt(row.net_minor);
    count += row.count;
    add(total, row.currency, minor);
    const key = row.rep_id ?? "";
    const rep = reps.get(key) ?? { name: row.rep ?? "Unassigned", count: 0, totals: new Map() };
    rep.count += row.count;
    add(rep.totals, row.currency, minor);
    reps.set(key, rep);
  }
  const currency = [...total.keys()][0] ?? "USD";
  const byRep = [...reps.values()]
    .map((r) => ({
      name: r.name,
      count: r.count,
      total: formatTotals(r.totals, currency),
      sortKey: sum(r.totals),
    }))
    .sort((a, b) => (b.sortKey > a.sortKey ? 1 : b.sortKey < a.sortKey ? -1 : a.name.localeCompare(b.name)))
    .slice(0, MAX_REPS)
    .map(({ sortKey: _s, ...r }) => r);
  const totalText = formatTotals(total, currency);
  const plural = (n: number) => `${n} sale${n === 1 ? "" : "s"}`;
  const text =
    count === 0
      ? `No sales in the last ${days} days.`
      : [
          `${plural(count)} in the last ${days} days: ${totalText}.`,
          "",
          ...byRep.map((r) => `- ${r.name}: ${plural(r.count)}, ${r.total}`),
        ].join("\n");
  context.log(`${count} sale(s) since ${from.toISOString()}`);
  return {
    kind: "done",
    output: { count, total: totalText, by_rep: byRep, text, from: from.toISOString(), to: to.toISOString() },
  };
};

/** For ordering reps: the sum of their amounts across currencies (a ranking, not money). */
function sum(totals: Totals): bigint {
  let s = 0n;
  for (const v of totals.values()) s += v;
  return s;
}
