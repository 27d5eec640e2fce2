import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createContact } from "@/lib/contacts/contacts";
import { contactFieldsSchema } from "@/lib/contacts/schemas";
import { withUser, type Sql } from "@/lib/db/client";
import type { EngineWorker } from "@/lib/engine/worker";
import { ensureQueue } from "@/lib/queue/queue";
import { attemptWebhookDelivery } from "@/lib/webhooks/delivery";
import { listWebhookDeliveries } from "@/lib/webhooks/queries";
import { createWebhookEndpoint, replayWebhookDelivery, rotateWebhookSecret } from "@/lib/webhooks/webhooks";
import { testSql } from "@/tests/support/db";
import { startServer, startTestWorkers, type TestServer } from "@/tests/support/engine";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/**
 * Outgoing webhooks (issue #21, item 4) end to end: a contact created by a member becomes a signed
 * POST to a real local server through the trigger, the outbox and the queue's worker; the
 * signature checks out with the recipe published in docs/webhooks.md (the snippet itself is run);
 * a 500 is retried with backoff; the SSRF guard refuses private targets; a replay sends the same
 * body; a rotated secret replaces the old one; an endpoint failing for days is turned off.
 */

type Verify = (rawBody: string, header: string, secret: string) => boolean;

/** The Node snippet of docs/webhooks.md, as published. */
function documentedVerify(): Verify {
  const doc = readFileSync("docs/webhooks.md", "utf8");
  const block = /<!-- verify-snippet:start -->\s*```js\n([\s\S]*?)```\s*<!-- verify-snippet:end -->/.exec(
    doc,
  );
  if (!block) throw new Error("docs/webhooks.md lost its verify snippet");
  const load = new Function("require", `${block[1]}\nreturn verifyOrgflowSignature;`) as (
    r: NodeRequire,
  ) => Verify;
  return load(createRequire(import.meta.url));
}

const contact = (fields: Record<string, string>) => contactFieldsSchema.parse(fields);

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("outgoing webhooks", () => {
  let sql: Sql;
  let a: TestTenant;
  let b: TestTenant;
  const verify = documentedVerify();
  const servers: TestServer[] = [];

  beforeAll(async () => {
    sql = testSql(6);
    await ensureQueue(inject("databaseUrl"));
    [a, b] = await Promise.all([createTenant(sql, "Hooks A"), createTenant(sql, "Hooks B")]);
    await sql`update organizations set settings = settings || '{"allow_private_network": true}' where id = ${a.id}`;
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await deleteTenants(sql, [a, b]);
    await sql.end();
  });

  async function server(handler?: Parameters<typeof startServer>[0]): Promise<TestServer> {
    const s = await startServer(handler);
    servers.push(s);
    return s;
  }

  async function endpoint(t: TestTenant, url: string, events: string[] = ["contact.created"]) {
    return withUser(t.members.owner, (tx) =>
      createWebhookEndpoint(tx, t.id, { url, events, description: "" }),
    );
  }

  async function deliveriesOf(endpointId: string) {
    return sql<{ id: string; status: string; attempts: number }[]>`
      select id, status, attempts from webhook_deliveries where endpoint_id = ${endpointId} order by created_at, id`;
  }

  it("delivers a signed contact.created through the queue's worker, verified by the documented recipe", async () => {
    const target = await server();
    const { endpoint: hook, secret } = await endpoint(a, `${target.url}/hooks`);
    const [row] = await sql`select secret_ciphertext from webhook_endpoints where id = ${hook.id}`;
    expect(String(row!.secret_ciphertext)).not.toContain(secret.slice(6));

    let workers: EngineWorker[] = [];
    try {
      workers = await startTestWorkers(1);
      const contactId = await withUser(a.members.owner, (tx) =>
        createContact(tx, a.id, contact({ first_name: "Ana", last_name: "Lima", email: "ana@example.com" })),
      );
      const request = await waitFor(() => target.requests[0]);
      expect(request.method).toBe("POST");
      const header = String(request.headers["orgflow-signature"]);
      expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verify(request.body, header, secret)).toBe(true);
      expect(verify(request.body, header, `${secret}x`)).toBe(false);
      expect(verify(request.body.replace("Ana", "Eve"), header, secret)).toBe(false);
      const event = JSON.parse(request.body) as Record<string, unknown>;
      expect(event).toMatchObject({
        object: "event",
        type: "contact.created",
        organization_id: a.id,
        data: { object: { id: contactId, object: "contact", email: "ana@example.com", source: "manual" } },
      });
      expect(request.headers["orgflow-event-id"]).toBe(event.id);

      const listed = await waitFor(async () => {
        const { deliveries } = await withUser(a.members.owner, (tx) =>
          listWebhookDeliveries(tx, a.id, { endpointId: hook.id }),
        );
        return deliveries[0]?.status === "succeeded" ? deliveries : undefined;
      });
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({ event_type: "contact.created", attempts: 1, response_status: 200 });
      expect(listed[0]!.response_body).toContain("ok");
      expect(listed[0]!.duration_ms).toBeGreaterThanOrEqual(0);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
    // A rolled-back contact sends nothing: the event is written in its transaction.
    await sql
      .begin(async (tx) => {
        await tx`insert into contacts (organization_id, first_name) values (${a.id}, 'Ghost')`;
        await tx`select 1/0`;
      })
      .catch(() => {});
    const [{ n }] = (await sql`select count(*)::int as n from outgoing_events
                               where organization_id = ${a.id} and data ->> 'first_name' = 'Ghost'`) as unknown as [
      { n: number },
    ];
    expect(n).toBe(0);
  });

  it("retries after a 500 with backoff on the queue, then succeeds with the same body", async () => {
    let calls = 0;
    const target = await server((_req, _body, res) => {
      calls++;
      res.statusCode = calls === 1 ? 500 : 200;
      res.end(calls === 1 ? "database down" : "thanks");
    });
    const { endpoint: hook, secret } = await endpoint(a, `${target.url}/retry`, ["*"]);
    await withUser(a.members.owner, (tx) =>
      createContact(tx, a.id, contact({ first_name: "Bo", email: "bo@example.com" })),
    );
    const [delivery] = await deliveriesOf(hook.id);
    const first = await attemptWebhookDelivery(delivery!.id, { db: sql });
    expect(first).toMatchObject({ kind: "retrying", status: 500 });
    const [after] = await sql`
      select status, attempts, response_status, response_body, extract(epoch from next_attempt_at - now()) as wait
      from webhook_deliveries where id = ${delivery!.id}`;
    expect(after).toMatchObject({
      status: "retrying",
      attempts: 1,
      response_status: 500,
      response_body: "database down",
    });
    expect(Number(after!.wait)).toBeGreaterThan(20);
    const [job] =
      await sql`select run_at from graphile_worker.jobs where key = ${`webhook_delivery:${delivery!.id}`}`;
    expect(job!.run_at.getTime()).toBeGreaterThan(Date.now() + 20_000);
    const [health] =
      await sql`select consecutive_failures, failing_since from webhook_endpoints where id = ${hook.id}`;
    expect(health).toMatchObject({ consecutive_failures: 1, failing_since: expect.any(Date) });

    // Not due yet: a stray run of the job does nothing.
    expect(await attemptWebhookDelivery(delivery!.id, { db: sql })).toEqual({ kind: "skipped" });
    await sql`update webhook_deliveries set next_attempt_at = now() where id = ${delivery!.id}`;
    expect(await attemptWebhookDelivery(delivery!.id, { db: sql })).toMatchObject({
      kind: "succeeded",
      status: 200,
    });
    expect(target.requests).toHaveLength(2);
    expect(target.requests[1]!.body).toBe(target.requests[0]!.body);
    expect(
      verify(target.requests[1]!.body, String(target.requests[1]!.headers["orgflow-signature"]), secret),
    ).toBe(true);
    const [healed] =
      await sql`select consecutive_failures, failing_since, last_success_at from webhook_endpoints where id = ${hook.id}`;
    expect(healed).toMatchObject({
      consecutive_failures: 0,
      failing_since: null,
      last_success_at: expect.any(Date),
    });

    // Replayed by a member: a new delivery of the same event, byte for byte.
    const replayId = await withUser(a.members.owner, (tx) =>
      replayWebhookDelivery(tx, a.id, { id: delivery!.id }),
    );
    expect(await attemptWebhookDelivery(replayId, { db: sql })).toMatchObject({ kind: "succeeded" });
    expect(target.requests[2]!.body).toBe(target.requests[0]!.body);
    const [replay] = await sql`select replay_of from webhook_deliveries where id = ${replayId}`;
    expect(replay!.replay_of).toBe(delivery!.id);

    // A rotated secret signs from now on; the old one no longer verifies.
    const rotated = await withUser(a.members.owner, (tx) => rotateWebhookSecret(tx, a.id, { id: hook.id }));
    const again = await withUser(a.members.owner, (tx) =>
      replayWebhookDelivery(tx, a.id, { id: delivery!.id }),
    );
    await attemptWebhookDelivery(again, { db: sql });
    const last = target.requests[3]!;
    expect(verify(last.body, String(last.headers["orgflow-signature"]), rotated.secret)).toBe(true);
    expect(verify(last.body, String(last.headers["orgflow-signature"]), secret)).toBe(false);
  });

  it("refuses private targets unless the organization allows them (the HTTP step's SSRF guard)", async () => {
    const target = await server();
    // B has not allowed private network targets: an address written out is refused at once…
    await expect(endpoint(b, `${target.url}/x`)).rejects.toMatchObject({
      code: "validation_failed",
      fields: { url: [expect.stringContaining("private network")] },
    });
    // …and a name is resolved and checked before every attempt (here it points at loopback).
    const port = new URL(target.url).port;
    const { endpoint: hook } = await endpoint(b, `http://hooks.example.test:${port}/x`);
    await withUser(b.members.owner, (tx) => createContact(tx, b.id, contact({ first_name: "Cy" })));
    const [delivery] = await deliveriesOf(hook.id);
    const outcome = await attemptWebhookDelivery(delivery!.id, {
      db: sql,
      resolve: async () => [{ address: "127.0.0.1", family: 4 }],
    });
    expect(outcome).toMatchObject({ kind: "failed", error: expect.stringContaining("private") });
    expect(target.requests).toHaveLength(0);
    const [row] = await sql`select status, attempts from webhook_deliveries where id = ${delivery!.id}`;
    expect(row).toMatchObject({ status: "failed", attempts: 1 });
    // The cloud metadata address too, even through an IPv4-mapped IPv6 answer.
    await withUser(b.members.owner, (tx) => createContact(tx, b.id, contact({ first_name: "Di" })));
    const [, second] = await deliveriesOf(hook.id);
    expect(
      await attemptWebhookDelivery(second!.id, {
        db: sql,
        resolve: async () => [{ address: "::ffff:169.254.169.254", family: 6 }],
      }),
    ).toMatchObject({ kind: "failed" });
    expect(target.requests).toHaveLength(0);
  });

  it("turns off an endpoint that has failed for 3 days and tells the owners", async () => {
    const target = await server((_req, _body, res) => {
      res.statusCode = 503;
      res.end();
    });
    const { endpoint: hook } = await endpoint(a, `${target.url}/down`);
    await sql`update webhook_endpoints set failing_since = now() - interval '3 days 1 hour', consecutive_failures = 40
              where id = ${hook.id}`;
    await withUser(a.members.owner, (tx) => createContact(tx, a.id, contact({ first_name: "Ed" })));
    const [delivery] = await deliveriesOf(hook.id);
    await attemptWebhookDelivery(delivery!.id, { db: sql });
    const [row] = await sql`select status, disabled_reason from webhook_endpoints where id = ${hook.id}`;
    expect(row).toMatchObject({ status: "disabled", disabled_reason: expect.stringContaining("3 days") });
    const notified = await sql`select recipient_user_id, link from notifications
                               where organization_id = ${a.id} and kind = 'webhook_disabled'`;
    expect(notified).toEqual([
      { recipient_user_id: a.members.owner.sub, link: `/o/${a.slug}/settings/webhooks/${hook.id}` },
    ]);
    // Turned off, it gets no new events.
    await withUser(a.members.owner, (tx) => createContact(tx, a.id, contact({ first_name: "Fay" })));
    expect(await deliveriesOf(hook.id)).toHaveLength(1);
  });

  it("lets only members holding webhooks permissions see or add endpoints", async () => {
    await expect(
      withUser(a.members.viewer, (tx) =>
        createWebhookEndpoint(tx, a.id, { url: "https://example.com/h", events: ["*"], description: "" }),
      ),
    ).rejects.toMatchObject({ code: "42501" });
    const seen = await withUser(a.members.viewer, (tx) => tx`select id from webhook_endpoints`);
    expect(seen).toEqual([]);
    const other = await withUser(
      b.members.owner,
      (tx) => tx`select id from webhook_endpoints where organization_id = ${a.id}`,
    );
    expect(other).toEqual([]);
  });
});
