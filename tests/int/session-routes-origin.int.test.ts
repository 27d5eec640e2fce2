import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Sql, UserClaims } from "@/lib/db/client";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, fixtureId, type TestTenant } from "@/tests/support/tenants";

// The route handlers read the session: the signed-in member's verified claims are given, as the
// cookie a cross-site request would carry along.
const signedIn = vi.hoisted(() => ({ claims: null as UserClaims | null }));
vi.mock("@/lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/session")>()),
  getClaims: async () => signedIn.claims,
}));

const receipts = await import("@/app/(app)/o/[slug]/commissions/receipts/route");
const receiptFile = await import("@/app/(app)/o/[slug]/commissions/receipts/[id]/file/route");
const knowledgeUpload = await import("@/app/(app)/o/[slug]/bots/[id]/knowledge/upload/route");
const payoutsExport = await import("@/app/(app)/o/[slug]/commissions/payouts/export/route");
const inboxFeed = await import("@/app/(app)/o/[slug]/inbox/feed/route");
const teamTemplate = await import("@/app/(app)/o/[slug]/team/template.csv/route");
const salesTemplate = await import("@/app/(app)/o/[slug]/commissions/transactions/template.csv/route");
const notifications = await import("@/app/api/notifications/route");
const executionEvents = await import("@/app/api/executions/[id]/events/route");

/**
 * CSRF and cross-site reads (issue #15, item 11) performed against the route handlers that act on
 * the session cookie: a form or fetch from another site posting an upload, and another site's
 * fetch, <img> or <script> reading an export, a file or a feed. Each is refused with 403 and
 * nothing is stored; the same request from the app's own pages goes through.
 */

const HOST = "app.example";
const SAME_ORIGIN = { host: HOST, origin: `https://${HOST}`, "sec-fetch-site": "same-origin" };
const CROSS_SITE_POST = { host: HOST, origin: "https://evil.example", "sec-fetch-site": "cross-site" };
const CROSS_SITE_READ = {
  host: HOST,
  "sec-fetch-site": "cross-site",
  "sec-fetch-mode": "no-cors",
  "sec-fetch-dest": "image",
};

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

describe("route handlers acting on the session cookie", () => {
  let sql: Sql;
  let a: TestTenant;
  let saleId: string;

  beforeAll(async () => {
    sql = testSql(4);
    a = await createTenant(sql, "Origins");
    const [sale] = await sql<{ id: string }[]>`
      insert into sales_transactions (organization_id, source, external_id, amount_minor, currency, paid_at)
      values (${a.id}, 'manual', ${`inv-${randomUUID()}`}, 10000, 'EUR', now()) returning id`;
    saleId = sale!.id;
    signedIn.claims = a.members.owner;
  });
  afterAll(async () => {
    await deleteTenants(sql, [a]);
    await sql.end();
  });

  const url = (path: string) => `https://${HOST}${path}`;

  function receiptUpload(headers: Record<string, string>) {
    const form = new FormData();
    form.set("file", new File([new Uint8Array(PNG)], "r.png", { type: "image/png" }));
    form.set("transaction_id", saleId);
    return receipts.POST(
      new Request(url(`/o/${a.slug}/commissions/receipts`), { method: "POST", body: form, headers }),
      {
        params: Promise.resolve({ slug: a.slug }),
      },
    );
  }

  function knowledgeFile(headers: Record<string, string>) {
    const form = new FormData();
    form.set("file", new File(["Opening hours: 9 to 5."], "faq.txt", { type: "text/plain" }));
    const bot = fixtureId(a, "bot");
    return knowledgeUpload.POST(
      new Request(url(`/o/${a.slug}/bots/${bot}/knowledge/upload`), { method: "POST", body: form, headers }),
      { params: Promise.resolve({ slug: a.slug, id: bot }) },
    );
  }

  it("refuses another site's upload of a receipt, storing nothing", async () => {
    const count = async () =>
      (await sql`select count(*)::int as n from opportunity_receipts where transaction_id = ${saleId}`)[0]!.n;
    const res = await receiptUpload(CROSS_SITE_POST);
    expect(res.status).toBe(403);
    expect(await count()).toBe(0);
    // A form posted from a sandboxed frame says Origin: null.
    expect((await receiptUpload({ host: HOST, origin: "null" })).status).toBe(403);
    expect(await count()).toBe(0);
    expect((await receiptUpload(SAME_ORIGIN)).status).toBe(201);
    expect(await count()).toBe(1);
  });

  it("refuses another site's upload to the knowledge base, storing nothing", async () => {
    const count = async () =>
      (await sql`select count(*)::int as n from documents where bot_id = ${fixtureId(a, "bot")}`)[0]!.n;
    const before = await count();
    expect((await knowledgeFile(CROSS_SITE_POST)).status).toBe(403);
    expect((await knowledgeFile({ host: HOST, "sec-fetch-site": "same-site" })).status).toBe(403);
    expect(await count()).toBe(before);
    expect((await knowledgeFile(SAME_ORIGIN)).status).toBe(201);
    expect(await count()).toBe(before + 1);
  });

  it("refuses another site's reads of exports, files and feeds, and serves the app's own", async () => {
    const [receipt] = await sql<{ id: string }[]>`
      select id from opportunity_receipts where transaction_id = ${saleId} limit 1`;
    const exec = randomUUID();
    const reads: [string, (headers: Record<string, string>) => Promise<Response>][] = [
      [
        "payroll CSV",
        (h) =>
          payoutsExport.GET(
            new NextRequest(url(`/o/${a.slug}/commissions/payouts/export?month=2026-01`), { headers: h }),
            {
              params: Promise.resolve({ slug: a.slug }),
            },
          ),
      ],
      [
        "receipt file",
        (h) =>
          receiptFile.GET(
            new Request(url(`/o/${a.slug}/commissions/receipts/${receipt!.id}/file`), { headers: h }),
            {
              params: Promise.resolve({ slug: a.slug, id: receipt!.id }),
            },
          ),
      ],
      [
        "receipts list",
        (h) =>
          receipts.GET(
            new Request(url(`/o/${a.slug}/commissions/receipts?transaction=${saleId}`), { headers: h }),
            {
              params: Promise.resolve({ slug: a.slug }),
            },
          ),
      ],
      [
        "inbox feed",
        (h) =>
          inboxFeed.GET(new Request(url(`/o/${a.slug}/inbox/feed`), { headers: h }), {
            params: Promise.resolve({ slug: a.slug }),
          }),
      ],
      [
        "notifications",
        (h) =>
          notifications.GET(
            new NextRequest(url(`/api/notifications?organization=${a.slug}`), { headers: h }),
          ),
      ],
      [
        "team template",
        (h) =>
          Promise.resolve(
            teamTemplate.GET(new Request(url(`/o/${a.slug}/team/template.csv`), { headers: h })),
          ),
      ],
      [
        "sales template",
        (h) =>
          Promise.resolve(
            salesTemplate.GET(
              new Request(url(`/o/${a.slug}/commissions/transactions/template.csv`), { headers: h }),
            ),
          ),
      ],
    ];
    for (const [name, read] of reads) {
      const attack = await read(CROSS_SITE_READ);
      expect(attack.status, `${name} read by another site's <img>`).toBe(403);
      const fetched = await read({ host: HOST, "sec-fetch-site": "cross-site", "sec-fetch-mode": "cors" });
      expect(fetched.status, `${name} fetched by another site`).toBe(403);
      const own = await read({ host: HOST, "sec-fetch-site": "same-origin", "sec-fetch-mode": "cors" });
      expect(own.status, `${name} read by the app itself`).toBe(200);
      await own.body?.cancel();
    }
    // The run's live events: refused before anything is looked up.
    const events = await executionEvents.GET(
      new NextRequest(url(`/api/executions/${exec}/events`), { headers: CROSS_SITE_READ }),
      { params: Promise.resolve({ id: exec }) },
    );
    expect(events.status).toBe(403);
  });
});
