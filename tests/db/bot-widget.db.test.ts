import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBot, updateBot, type Bot } from "@/lib/chatbots/bots";
import { saveWidgetAvatar, widgetAvatarVersion } from "@/lib/chatbots/widget";
import { withUser, type Sql } from "@/lib/db/client";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, tryAsUser, type TestTenant } from "@/tests/support/tenants";

/**
 * The widget's look and avatar in Postgres (issue #19, item 7): bots.widget is a small object,
 * written only through the columns members may write and only by those who may update bots; the
 * avatar table keeps raster pictures of at most 512 KB, one per bot, gone with the bot.
 */

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
let sql: Sql;
let a: TestTenant;
let bot: Bot;

beforeAll(async () => {
  sql = testSql(4);
  a = await createTenant(sql, "WidgetDb");
  bot = await withUser(a.members.owner, (tx) => createBot(tx, a.id, { name: "Look" }), sql);
});
afterAll(async () => {
  await deleteTenants(sql, [a]);
  await sql.end();
});

describe("bots.widget", () => {
  it("is stored as given (unset fields stay unset, for the organization's defaults)", async () => {
    const [row] = await sql<{ widget: unknown }[]>`select widget from bots where id = ${bot.id}`;
    expect(row!.widget).toEqual({});
    await withUser(
      a.members.bot_trainer,
      (tx) => updateBot(tx, a.id, bot.id, { widget: { title: "Ask us", color: "#0F766E" } }),
      sql,
    );
    const [after] = await sql<
      { widget: Record<string, string> }[]
    >`select widget from bots where id = ${bot.id}`;
    expect(after!.widget).toMatchObject({ title: "Ask us", color: "#0f766e", position: "right" });
  });

  it("refuses what is not a small object", async () => {
    for (const bad of ["[]", '"x"', JSON.stringify({ title: "x".repeat(3000) })])
      await expect(sql`update bots set widget = ${bad}::jsonb where id = ${bot.id}`).rejects.toMatchObject({
        code: "23514",
      });
  });

  it("is changed only by members who may update bots", async () => {
    for (const role of ["viewer", "sales"] as const) {
      const tried = await tryAsUser(
        sql,
        a.members[role],
        (tx) => tx`update bots set widget = '{"title": "Mine"}' where id = ${bot.id} returning id`,
      );
      expect(tried.ok ? tried.value : []).toEqual([]);
    }
  });
});

describe("bot_widget_avatars", () => {
  it("keeps one raster picture per bot, at most 512 KB", async () => {
    await withUser(a.members.owner, (tx) => saveWidgetAvatar(tx, a.id, bot.id, PNG), sql);
    await withUser(a.members.owner, (tx) => saveWidgetAvatar(tx, a.id, bot.id, PNG), sql);
    const [count] = await sql<
      { n: number }[]
    >`select count(*)::int as n from bot_widget_avatars where bot_id = ${bot.id}`;
    expect(count!.n).toBe(1);
    expect(await withUser(a.members.viewer, (tx) => widgetAvatarVersion(tx, a.id, bot.id), sql)).toMatch(
      /^\d+$/,
    );
    await expect(
      sql`update bot_widget_avatars set content_type = 'image/svg+xml' where bot_id = ${bot.id}`,
    ).rejects.toMatchObject({ code: "23514" });
    await expect(
      sql`update bot_widget_avatars set data = ${Buffer.alloc(524_289, 1)} where bot_id = ${bot.id}`,
    ).rejects.toMatchObject({ code: "23514" });
  });

  it("goes with its bot", async () => {
    await sql`delete from bots where id = ${bot.id}`;
    const [count] = await sql<
      { n: number }[]
    >`select count(*)::int as n from bot_widget_avatars where bot_id = ${bot.id}`;
    expect(count!.n).toBe(0);
  });
});
