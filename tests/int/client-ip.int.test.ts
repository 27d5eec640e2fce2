import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as postSession } from "@/app/api/chat/[botKey]/sessions/route";
import { createBot, type Bot } from "@/lib/chatbots/bots";
import { withUser, type Sql } from "@/lib/db/client";
import { clientIp, PEER_ADDRESS_HEADER } from "@/lib/http/client-ip";
import { createPeerAwareServer } from "@/lib/http/peer-server";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/**
 * Who the app thinks is calling, over a real socket through the server layer `npm start` runs
 * (lib/http/peer-server.ts): no header a client writes moves it, unless the operator says a proxy
 * of ours stands in front (TRUSTED_PROXY_HOPS). Then the public chat API, attacked as the issue
 * found it: rotating X-Forwarded-For got 40 of 40 sessions through a per-IP limit of 30.
 */

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return headers;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Serves `/ip` (who the app thinks is calling) and the chat route, as Next would call it. */
async function app(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const headers = headersOf(req);
  if (url.pathname === "/ip") {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ip: clientIp(headers) }));
    return;
  }
  const botKey = /^\/api\/chat\/([^/]+)\/sessions$/.exec(url.pathname)?.[1] ?? "";
  const body = await readBody(req);
  const request = new NextRequest(url, {
    method: req.method,
    headers,
    body: body.length ? new Uint8Array(body) : undefined,
  });
  const answer = await postSession(request, { params: Promise.resolve({ botKey }) });
  res
    .writeHead(answer.status, Object.fromEntries(answer.headers))
    .end(Buffer.from(await answer.arrayBuffer()));
}

let server: Server;
let base: string;
let sql: Sql;
let tenant: TestTenant;
let bot: Bot;
const savedHops = process.env.TRUSTED_PROXY_HOPS;

beforeAll(async () => {
  delete process.env.TRUSTED_PROXY_HOPS;
  server = createPeerAwareServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sql = testSql();
  tenant = await createTenant(sql, "Client IP");
  bot = await withUser(
    tenant.members.owner,
    (tx) => createBot(tx, tenant.id, { name: "Front desk", allowed_origins: ["*"] }),
    sql,
  );
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await deleteTenants(sql, [tenant]);
  await sql.end();
  if (savedHops === undefined) delete process.env.TRUSTED_PROXY_HOPS;
  else process.env.TRUSTED_PROXY_HOPS = savedHops;
});

async function seenAs(headers: Record<string, string>): Promise<string | null> {
  const res = await fetch(`${base}/ip`, { headers });
  return ((await res.json()) as { ip: string | null }).ip;
}

describe("the client's address, through the server layer", () => {
  it("with no proxy configured, is the socket's, whatever the client writes", async () => {
    expect(await seenAs({})).toBe("127.0.0.1");
    expect(
      await seenAs({
        "x-forwarded-for": "6.6.6.6",
        "x-real-ip": "6.6.6.7",
        [PEER_ADDRESS_HEADER]: "6.6.6.8",
        forwarded: "for=6.6.6.9",
      }),
    ).toBe("127.0.0.1");
  });

  it("behind one trusted proxy, is the address that proxy appended", async () => {
    process.env.TRUSTED_PROXY_HOPS = "1";
    try {
      // The client wrote 6.6.6.6; our proxy (played by this test) appended what it saw.
      expect(await seenAs({ "x-forwarded-for": "6.6.6.6, 203.0.113.9" })).toBe("203.0.113.9");
    } finally {
      delete process.env.TRUSTED_PROXY_HOPS;
    }
  });
});

describe("the public chat API's per-IP limit", () => {
  it("rotating X-Forwarded-For gets no more than 30 of 40 sessions through a limit of 30", async () => {
    // The limit counts fixed one-minute windows: start early in one so all 40 fall in it.
    const second = new Date().getSeconds();
    if (second > 45) await new Promise((r) => setTimeout(r, (61 - second) * 1000));
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await fetch(`${base}/api/chat/${bot.public_key}/sessions`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": `198.51.100.${i + 1}` },
        body: "{}",
      });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      }
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(30);
    expect(statuses.slice(30)).toEqual(Array(10).fill(429));
  }, 60_000);
});
