import { createHash, randomBytes } from "node:crypto";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/**
 * The secret tokens of webhook URLs: `/api/hooks/<workflow id>/<token>`.
 *
 * A token is 32 random bytes (256 bits) from the OS's CSPRNG, written `whk_<base64url>`; only its
 * SHA-256 is stored (public.workflow_webhook_tokens), with the first characters to recognise it
 * by. The whole URL is shown once, to whoever made or rotated it. Rotating replaces the stored
 * hash in one transaction, so the old URL, and its `?test=1` variant, stop working at commit.
 * As GitHub's personal access tokens and Stripe's API keys: nothing about a token derives from a
 * server secret, so a leaked or default server key does not give anyone another organization's
 * URL; and the prefix makes leaked tokens findable by secret scanners.
 */

export const WEBHOOK_TOKEN_PREFIX = "whk_";
const TOKEN_SHAPE = /^whk_[A-Za-z0-9_-]{43}$/;
/** How much of a token the builder keeps showing after the one time it shows all of it. */
const SHOWN_PREFIX_LENGTH = 10;

export function newWebhookToken(): string {
  return `${WEBHOOK_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
}

export function isWebhookTokenShape(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}

export function hashWebhookToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function webhookUrls(siteUrl: string, workflowId: string, token: string) {
  const url = `${siteUrl.replace(/\/+$/, "")}/api/hooks/${workflowId}/${token}`;
  return { url, testUrl: `${url}?test=1` };
}

export type WebhookTokenInfo = { prefix: string; createdAt: Date };

/** The live token's prefix and age, or null when the workflow has no webhook URL yet. */
export async function webhookTokenInfo(
  tx: Tx,
  organizationId: string,
  workflowId: string,
): Promise<WebhookTokenInfo | null> {
  const [row] = await tx<{ token_prefix: string; created_at: Date }[]>`
    select token_prefix, created_at from public.workflow_webhook_tokens
    where organization_id = ${organizationId} and workflow_id = ${workflowId}`;
  return row ? { prefix: row.token_prefix, createdAt: row.created_at } : null;
}

/**
 * Makes a new token for the workflow, replacing (and so revoking) any previous one, and returns it:
 * the only time it exists outside the caller's hands. Runs as the member (RLS: workflows:update).
 * Only a workflow whose trigger is a webhook (in its draft or its published version) gets one.
 */
export async function issueWebhookToken(
  tx: Tx,
  organizationId: string,
  workflowId: string,
): Promise<{ token: string; prefix: string }> {
  const [workflow] = await tx<{ webhook: boolean }[]>`
    select (w.trigger_type = 'webhook' or w.definition -> 'nodes' @> '[{"type": "webhook"}]'::jsonb) as webhook
    from public.workflows w
    where w.organization_id = ${organizationId} and w.id = ${workflowId}`;
  if (!workflow) throw new AppError("not_found", "That workflow could not be found.");
  if (!workflow.webhook) {
    throw new AppError("unprocessable", "Only a workflow that starts with a webhook step has a webhook URL.");
  }
  const token = newWebhookToken();
  const prefix = token.slice(0, SHOWN_PREFIX_LENGTH);
  await tx`
    delete from public.workflow_webhook_tokens
    where organization_id = ${organizationId} and workflow_id = ${workflowId}`;
  const inserted = await tx`
    insert into public.workflow_webhook_tokens (organization_id, workflow_id, token_hash, token_prefix)
    values (${organizationId}, ${workflowId}, ${hashWebhookToken(token)}, ${prefix})
    returning id`.catch((e: { code?: string }) => {
    if (e.code === "42501") return [];
    throw e;
  });
  if (!inserted.length) {
    throw new AppError("forbidden", "You do not have permission to change this workflow's webhook URL.");
  }
  return { token, prefix };
}

/**
 * After publishing: a workflow that now starts with a webhook and has no token yet gets one
 * (returned, to be shown once); otherwise null.
 */
export async function ensureWebhookToken(
  tx: Tx,
  organizationId: string,
  workflowId: string,
): Promise<{ token: string; prefix: string } | null> {
  const [row] = await tx<{ needs: boolean }[]>`
    select w.trigger_type = 'webhook' and not exists (
             select 1 from public.workflow_webhook_tokens t where t.workflow_id = w.id) as needs
    from public.workflows w
    where w.organization_id = ${organizationId} and w.id = ${workflowId}`;
  return row?.needs ? issueWebhookToken(tx, organizationId, workflowId) : null;
}
