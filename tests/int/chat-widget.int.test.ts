import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getPublicAvatar } from "@/app/api/chat/[botKey]/avatar/route";
import { OPTIONS as preflight, POST as postSession } from "@/app/api/chat/[botKey]/sessions/route";
import { POST as postMessage } from "@/app/api/chat/[botKey]/sessions/[id]/messages/route";
import { GET as getConfig } from "@/app/api/chat/[botKey]/widget/route";
import { GET as getScript } from "@/app/widget.js/route";
import { createBot, updateBot, type Bot } from "@/lib/chatbots/bots";
import {
  removeWidgetAvatar,
  saveWidgetAvatar,
  WIDGET_NOT_ON_THIS_SITE,
  WIDGET_PAUSED,
} from "@/lib/chatbots/widget";
import { withUser, type Sql } from "@/lib/db/client";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/**
 * The widget customers brand (issue #19, item 7) through the public routes and the real database:
 * the look saved in the bot's settings is what /api/chat/<key>/widget hands the script; a website
 * that is not allowed and a paused bot get a polite message there (readable from any origin), and
 * a paused bot's refusals carry CORS headers from preflight on; the avatar is sniffed on upload and
 * served as its real type to other sites.
 */

const SITE = "https://summit-roofing.example";
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
let sql: Sql;
let a: TestTenant;
let b: TestTenant;
let bot: Bot;
let ip = 0;

function req(method: string, path: string, origin: string | null, body?: unknown) {
  const headers = new Headers({
    "content-type": "application/json",
    "x-forwarded-for": `10.9.0.${++ip % 250}`,
  });
  if (origin) headers.set("origin", origin);
  return new NextRequest(`http://localhost${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}
const params = (key: string) => ({ params: Promise.resolve({ botKey: key }) });
async function config(key: string, origin: string | null) {
  const res = await getConfig(req("GET", `/api/chat/${key}/widget`, origin), params(key));
  return { res, body: await res.json() };
}

beforeAll(async () => {
  process.env.TRUSTED_PROXY_HOPS = "1";
  sql = testSql(4);
  [a, b] = await Promise.all([createTenant(sql, "Widget A"), createTenant(sql, "Widget B")]);
  await sql`update organizations set settings = settings || '{"brand_color": "#B45309"}' where id = ${a.id}`;
  bot = await withUser(
    a.members.owner,
    (tx) =>
      createBot(tx, a.id, { name: "Summit", greeting: "Hi! Ask me about roofs.", allowed_origins: [SITE] }),
    sql,
  );
});
afterAll(async () => {
  await deleteTenants(sql, [a, b]);
  await sql.end();
});

describe("the widget's look", () => {
  it("defaults to the organization's brand colour, then follows the bot's settings", async () => {
    const before = await config(bot.public_key, SITE);
    expect(before.res.status).toBe(200);
    expect(before.body).toMatchObject({
      available: true,
      greeting: "Hi! Ask me about roofs.",
      appearance: { title: "Chat with us", color: "#b45309", position: "right", launcher_text: "" },
      avatarUrl: null,
    });
    const look = {
      title: "Ask Summit",
      color: "#0f766e",
      text_color: "#fefce8",
      position: "left" as const,
      launcher_text: "Ask us",
    };
    await withUser(a.members.owner, (tx) => updateBot(tx, a.id, bot.id, { widget: look }), sql);
    const after = await config(bot.public_key, SITE);
    expect(after.body.appearance).toEqual(look);
    expect(after.res.headers.get("access-control-allow-origin")).toBe("*");
    // Nothing about where else the bot may run.
    expect(JSON.stringify(after.body)).not.toContain("allowed_origins");
  });

  it("refuses a look that is not valid before the database", async () => {
    await expect(
      withUser(
        a.members.owner,
        (tx) => updateBot(tx, a.id, bot.id, { widget: { color: "red" } as never }),
        sql,
      ),
    ).rejects.toThrow(/#4f46e5/);
    await expect(sql`update bots set widget = '[1]' where id = ${bot.id}`).rejects.toMatchObject({
      code: "23514",
    });
  });

  it("is not changed by a member who may not edit bots", async () => {
    await expect(
      withUser(
        a.members.viewer,
        (tx) => updateBot(tx, a.id, bot.id, { widget: { title: "Hacked" } as never }),
        sql,
      ),
    ).rejects.toThrow();
    const [row] = await sql<{ widget: { title?: string } }[]>`select widget from bots where id = ${bot.id}`;
    expect(row!.widget.title).toBe("Ask Summit");
  });
});

describe("a website that is not allowed", () => {
  it("reads a polite message, and its owner a hint naming the site", async () => {
    const { res, body } = await config(bot.public_key, "https://elsewhere.example");
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(body).toMatchObject({
      available: false,
      reason: "origin",
      message: WIDGET_NOT_ON_THIS_SITE,
      hint: expect.stringContaining("https://elsewhere.example"),
    });
  });

  it("an unknown key is a 404 the widget can read", async () => {
    const { res, body } = await config("bot_" + "x".repeat(30), SITE);
    expect(res.status).toBe(404);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(body.error.code).toBe("not_found");
  });

  it("the widget script asks for the look first and words a network failure", async () => {
    const script = await (await getScript()).text();
    expect(script).toContain('"/widget"');
    expect(script).toContain("We could not reach the chat");
  });
});

describe("a paused bot", () => {
  let paused: Bot;
  beforeAll(async () => {
    paused = await withUser(
      a.members.owner,
      (tx) => createBot(tx, a.id, { name: "Paused", status: "paused", allowed_origins: [SITE] }),
      sql,
    );
  });

  it("says so in the widget's configuration", async () => {
    const { body } = await config(paused.public_key, SITE);
    expect(body).toMatchObject({ available: false, reason: "paused", message: WIDGET_PAUSED });
  });

  it("passes preflight from an allowed site, so the refusal that follows is readable", async () => {
    const pre = await preflight(
      req("OPTIONS", `/api/chat/${paused.public_key}/sessions`, SITE),
      params(paused.public_key),
    );
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe(SITE);
    const refused = await postSession(
      req("POST", `/api/chat/${paused.public_key}/sessions`, SITE, {}),
      params(paused.public_key),
    );
    expect(refused.status).toBe(403);
    expect(refused.headers.get("access-control-allow-origin")).toBe(SITE);
    expect((await refused.json()).error.message).toBe("This chat bot is turned off.");
    // A malformed message to it too (refused while reading the request).
    const bad = await postMessage(
      req("POST", `/api/chat/${paused.public_key}/sessions/x/messages`, SITE, "{"),
      { params: Promise.resolve({ botKey: paused.public_key, id: "x" }) },
    );
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    expect(bad.headers.get("access-control-allow-origin")).toBe(SITE);
  });

  it("gives a foreign site's preflight nothing", async () => {
    const pre = await preflight(
      req("OPTIONS", `/api/chat/${paused.public_key}/sessions`, "https://elsewhere.example"),
      params(paused.public_key),
    );
    expect(pre.status).toBe(403);
    expect(pre.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("the avatar", () => {
  it("is sniffed: a script or SVG named .png is refused, a real PNG is kept", async () => {
    const save = (bytes: Buffer) =>
      withUser(a.members.owner, (tx) => saveWidgetAvatar(tx, a.id, bot.id, bytes), sql);
    await expect(save(Buffer.from("<svg onload=alert(1)></svg>"))).rejects.toMatchObject({
      code: "unprocessable",
    });
    await expect(save(Buffer.alloc(600 * 1024, 1))).rejects.toMatchObject({ code: "payload_too_large" });
    await save(PNG);
    const { body } = await config(bot.public_key, SITE);
    expect(body.avatarUrl).toMatch(new RegExp(`^/api/chat/${bot.public_key}/avatar\\?v=\\d+$`));
  });

  it("is served to other sites as its real type, with nothing to run", async () => {
    const res = await getPublicAvatar(
      req("GET", `/api/chat/${bot.public_key}/avatar`, null),
      params(bot.public_key),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it("is stored only by members who may edit the bot, in their own organization", async () => {
    await expect(
      withUser(a.members.viewer, (tx) => saveWidgetAvatar(tx, a.id, bot.id, PNG), sql),
    ).rejects.toThrow();
    await expect(
      withUser(b.members.owner, (tx) => saveWidgetAvatar(tx, a.id, bot.id, PNG), sql),
    ).rejects.toMatchObject({ code: "not_found" });
    const [seen] = await withUser(
      b.members.owner,
      (tx) => tx`select count(*)::int as n from bot_widget_avatars where bot_id = ${bot.id}`,
      sql,
    );
    expect(seen!.n).toBe(0);
  });

  it("can be removed; the widget then shows none", async () => {
    await withUser(a.members.owner, (tx) => removeWidgetAvatar(tx, a.id, bot.id), sql);
    const { body } = await config(bot.public_key, SITE);
    expect(body.avatarUrl).toBeNull();
    const gone = await getPublicAvatar(
      req("GET", `/api/chat/${bot.public_key}/avatar`, null),
      params(bot.public_key),
    );
    expect(gone.status).toBe(404);
  });
});
