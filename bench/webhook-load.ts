/**
 * What bench:webhook and bench:scale-out share: a worker process started as `npm start` starts it,
 * and clients posting to synchronous webhooks (`?wait=1`), each answer timed and checked.
 */
import type { ChildProcess } from "node:child_process";
import type postgres from "postgres";
import { hashWebhookToken, newWebhookToken } from "@/lib/workflows/webhook-tokens";
import type { BenchApp } from "./app-server";
import { startWorkerProcess } from "./worker-process";
import { benchOrganization, publishChain } from "./workflow-fixtures";

export type Sample = { ms: number; ok: boolean };

/** `npm run worker` with what `npm start` gives it: the app's login role and the stack's keys. */
export function startWorker(app: BenchApp): Promise<ChildProcess> {
  return startWorkerProcess({
    NODE_ENV: "production",
    DATABASE_URL: app.scratch.appUrl,
    NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: app.stack.publishableKey,
    SUPABASE_SECRET_KEY: app.stack.secretKey,
    INTEGRATIONS_ENCRYPTION_KEY: app.stack.integrationsEncryptionKey,
    NEXT_PUBLIC_SITE_URL: app.appUrl,
  });
}

/**
 * `clients` loops posting to `url` for `seconds`; each answer is timed and checked. Given several
 * URLs (app servers behind a balancer), client k posts to URL k mod their number.
 */
export async function drive(url: string | string[], clients: number, seconds: number): Promise<Sample[]> {
  const urls = Array.isArray(url) ? url : [url];
  const samples: Sample[] = [];
  const until = performance.now() + seconds * 1000;
  let n = 0;
  const client = async (k: number) => {
    while (performance.now() < until) {
      const i = n++;
      const started = performance.now();
      let ok = false;
      try {
        const res = await fetch(urls[k % urls.length]!, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ n: i }),
        });
        const body = (await res.json()) as { status?: string; output?: { n?: unknown } };
        ok = res.status === 200 && body.status === "completed" && body.output?.n === i;
      } catch {
        ok = false;
      }
      samples.push({ ms: performance.now() - started, ok });
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, k) => client(k)));
  return samples;
}

/** The benchmarks' webhook → condition → set workflow, published, and its webhook token. */
export async function webhookWorkflow(sql: postgres.Sql): Promise<{ workflowId: string; token: string }> {
  const organizationId = await benchOrganization(sql);
  const workflowId = await publishChain(sql, organizationId, [
    { id: "webhook_1", type: "webhook", config: { method: "POST" } },
    {
      id: "if_1",
      type: "condition",
      config: {
        combinator: "all",
        rules: [{ left: "{{ trigger.body.n }}", operator: "greater_than", right: "-1" }],
      },
      handle: "true",
    },
    { id: "set_1", type: "set", config: { fields: [{ name: "n", value: "{{ trigger.body.n }}" }] } },
  ]);
  const token = newWebhookToken();
  await sql`insert into workflow_webhook_tokens (organization_id, workflow_id, token_hash, token_prefix)
            values (${organizationId}, ${workflowId}, ${hashWebhookToken(token)}, ${token.slice(0, 10)})`;
  return { workflowId, token };
}
