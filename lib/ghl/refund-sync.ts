import { recordRefund } from "@/lib/commissions/ingest";
import { withServiceRoleBypassingRls, type Sql } from "@/lib/db/client";
import { enqueueJob } from "@/lib/queue/queue";
import { findIntegrationForService, setIntegrationStatus } from "@/lib/integrations/integrations";
import { GhlApiError, listTransactions, type GhlTransaction } from "./api";
import { toMinorUnits } from "./money";

/**
 * GoHighLevel sends no refund webhook: refunds are found by reading the location's payment
 * transactions (`GET /payments/transactions`, newest first, `amountRefunded` / `status`) with the
 * organization's own credentials. Each refunded transaction is matched to the sale it paid for
 * (an invoice's or an order's id) and its cumulative refunded amount handed to recordRefund, which
 * claws commissions back and does nothing when that amount was recorded before, so syncing again
 * is harmless. Runs every 15 minutes per connected integration (worker cron), and on demand.
 */

export const SYNC_ALL_TASK = "ghl_sync_all_refunds";
export const SYNC_TASK = "ghl_sync_refunds";

/** Refunds happen weeks after a sale at most: transactions created this long ago are read again. */
const LOOKBACK_DAYS = Number(process.env.GHL_REFUND_LOOKBACK_DAYS ?? 120);
const PAGE_SIZE = 100;
const MAX_PAGES = 100;

export type RefundSyncResult = {
  scanned: number;
  refunded: number;
  clawbacks: number;
  /** Refunded GHL transactions that match no recorded sale. */
  unmatched: number;
  errors: string[];
};

export async function syncRefunds(
  integrationId: string,
  options: { db?: Sql; now?: Date } = {},
): Promise<RefundSyncResult | null> {
  const integration = await findIntegrationForService(integrationId);
  if (!integration || integration.status === "disconnected") return null;
  const now = options.now ?? new Date();
  const startAt = new Date(now.getTime() - LOOKBACK_DAYS * 86_400_000);
  const result: RefundSyncResult = { scanned: 0, refunded: 0, clawbacks: 0, unmatched: 0, errors: [] };

  try {
    for (let page = 0; page < MAX_PAGES; page++) {
      const { data, totalCount } = await listTransactions(
        integration,
        { startAt, limit: PAGE_SIZE, offset: page * PAGE_SIZE },
        options.db,
      );
      for (const t of data) {
        result.scanned++;
        const refund = refundOf(t, integration.currency);
        if (!refund) continue;
        result.refunded++;
        try {
          const outcome = await withServiceRoleBypassingRls(async (tx) => {
            for (const [source, externalId] of refund.candidates) {
              const r = await recordRefund(tx, {
                organizationId: integration.organizationId,
                source,
                externalId,
                refundedAmountMinor: refund.amountMinor,
                refundedAt: refund.at,
                reason: `Refunded in GoHighLevel (transaction ${t._id}).`,
              });
              if (r) return r;
            }
            return null;
          }, options.db);
          if (outcome) result.clawbacks += outcome.clawbackIds.length;
          else result.unmatched++;
        } catch (e) {
          result.errors.push(
            `Transaction ${t._id}: ${e instanceof Error ? e.message : String(e)}`.slice(0, 300),
          );
        }
      }
      if (data.length < PAGE_SIZE || (page + 1) * PAGE_SIZE >= totalCount) break;
    }
  } catch (e) {
    const message =
      e instanceof GhlApiError && (e.status === 401 || e.status === 403)
        ? "GoHighLevel refused the credentials while syncing refunds; connect again."
        : `Syncing refunds failed: ${e instanceof Error ? e.message : String(e)}`;
    await setIntegrationStatus(integration, "error", message.slice(0, 2000), options.db);
    throw e;
  }
  await withServiceRoleBypassingRls(
    (tx) => tx`update public.integrations set last_sync_at = ${now}, sync_cursor = ${now}
               where id = ${integration.id} and organization_id = ${integration.organizationId}`,
    options.db,
  );
  await setIntegrationStatus(
    integration,
    "active",
    result.errors.length
      ? `Last sync: ${result.errors.length} refund(s) could not be recorded. ${result.errors[0]}`
      : null,
    options.db,
  );
  return result;
}

type Source = "ghl_invoice" | "ghl_order";

/**
 * The refund a transaction shows, and which recorded sale it may belong to; null if none. An
 * amount without a currency of its own is in the location's (`fallbackCurrency`).
 */
export function refundOf(
  t: GhlTransaction,
  fallbackCurrency = "USD",
): { amountMinor: number; at: Date; candidates: [Source, string][] } | null {
  const status = String(t.status ?? "").toLowerCase();
  const currency = /^[A-Za-z]{3}$/.test(t.currency ?? "") ? t.currency!.toUpperCase() : fallbackCurrency;
  let refunded: number;
  try {
    refunded =
      typeof t.amountRefunded === "number" && t.amountRefunded > 0
        ? toMinorUnits(t.amountRefunded, currency)
        : status === "refunded" && typeof t.amount === "number"
          ? toMinorUnits(t.amount, currency)
          : 0;
  } catch {
    return null;
  }
  if (refunded <= 0) return null;
  const type = (t.entityType ?? "").toLowerCase();
  const candidates: [Source, string][] = [];
  if (type === "invoice" || (!type && t.invoiceId)) {
    if (t.entityId) candidates.push(["ghl_invoice", t.entityId]);
    if (t.invoiceId && t.invoiceId !== t.entityId) candidates.push(["ghl_invoice", t.invoiceId]);
  } else if (type === "order") {
    if (t.entityId) candidates.push(["ghl_order", t.entityId]);
  }
  if (candidates.length === 0) return null;
  const at = new Date(t.updatedAt);
  return { amountMinor: refunded, at: Number.isNaN(at.getTime()) ? new Date() : at, candidates };
}

/** The cron's fan-out: one sync job per connected integration (job key: one waiting per integration). */
export async function queueRefundSyncs(db?: Sql): Promise<number> {
  const rows = await withServiceRoleBypassingRls(
    (tx) => tx<{ id: string }[]>`
      select id from public.integrations
      where type = 'gohighlevel' and status <> 'disconnected' and credentials_ciphertext is not null`,
    db,
  );
  for (const r of rows) {
    await enqueueJob(SYNC_TASK, { integrationId: r.id }, { jobKey: `ghl-sync:${r.id}`, maxAttempts: 3 }, db);
  }
  return rows.length;
}
