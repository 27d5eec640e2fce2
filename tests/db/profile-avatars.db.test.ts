import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withUser, type Sql } from "@/lib/db/client";
import { readAvatar, saveAvatar } from "@/lib/profiles/avatars";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, tryAsUser, type TestTenant } from "@/tests/support/tenants";

/**
 * Profile pictures (issue #15, item 15) against Postgres: a third-party link (a tracking pixel in
 * every teammate's browser) cannot be stored any more, by the user or anyone; a picture is an
 * upload the app serves, readable by the person and those who may see their organization's members.
 */

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

let sql: Sql;
type Member = TestTenant["members"]["owner"];
const setMyAvatar = (claims: Member, bytes: Buffer) =>
  withUser(claims, (tx) => saveAvatar(tx, claims.sub, bytes), sql);
const readAs = (claims: Member, userId: string) => withUser(claims, (tx) => readAvatar(tx, userId), sql);
let a: TestTenant;
let b: TestTenant;

beforeAll(async () => {
  sql = testSql(4);
  [a, b] = await Promise.all([createTenant(sql, "AvatarsA"), createTenant(sql, "AvatarsB")]);
});
afterAll(async () => {
  await deleteTenants(sql, [a, b]);
  await sql.end();
});

describe("profile pictures", () => {
  it("refuse a third-party picture link, from the user and from anyone", async () => {
    const own = await tryAsUser(
      sql,
      a.members.sales,
      (tx) =>
        tx`update profiles set avatar_url = 'https://tracker.example/pixel.gif?u=1' where id = ${a.members.sales.sub} returning id`,
    );
    expect(own).toMatchObject({ ok: false, error: { code: "42501" } });
    for (const url of ["https://tracker.example/p.gif", "//tracker.example/p.gif", "/avatars/x/../../evil"]) {
      await expect(
        sql`update profiles set avatar_url = ${url} where id = ${a.members.sales.sub}`,
      ).rejects.toMatchObject({ code: "23514" });
    }
  });

  it("are uploads: the profile then points at the app's own address", async () => {
    const { avatarUrl } = await setMyAvatar(a.members.sales, PNG);
    expect(avatarUrl).toMatch(new RegExp(`^/avatars/${a.members.sales.sub}\\?v=\\d+$`));
    const [profile] = await sql`select avatar_url from profiles where id = ${a.members.sales.sub}`;
    expect(profile!.avatar_url).toBe(avatarUrl);
    // A new picture, a new address (browsers do not keep showing the old one).
    await new Promise((r) => setTimeout(r, 5));
    const again = await setMyAvatar(a.members.sales, PNG);
    expect(again.avatarUrl).not.toBe(avatarUrl);
    await withUser(
      a.members.sales,
      (tx) => tx`delete from profile_avatars where user_id = ${a.members.sales.sub}`,
      sql,
    );
    const [gone] = await sql`select avatar_url from profiles where id = ${a.members.sales.sub}`;
    expect(gone!.avatar_url).toBeNull();
  });

  it("refuse what is not a PNG, JPEG or WebP, and anything over 2 MB", async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    await expect(setMyAvatar(a.members.viewer, svg)).rejects.toMatchObject({ code: "unprocessable" });
    const html = Buffer.from("<!doctype html><script>alert(1)</script>");
    await expect(setMyAvatar(a.members.viewer, html)).rejects.toMatchObject({ code: "unprocessable" });
    const huge = Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]);
    await expect(setMyAvatar(a.members.viewer, huge)).rejects.toMatchObject({ code: "payload_too_large" });
    // The database holds the same line, whoever writes.
    await expect(
      sql`insert into profile_avatars (user_id, content_type, data) values (${a.members.viewer.sub}, 'image/png', ${huge})`,
    ).rejects.toMatchObject({ code: "23514" });
    await expect(
      sql`insert into profile_avatars (user_id, content_type, data) values (${a.members.viewer.sub}, 'image/svg+xml', ${svg})`,
    ).rejects.toMatchObject({ code: "23514" });
  });

  it("are seen by teammates who may see the members, not by other organizations", async () => {
    await setMyAvatar(a.members.administrator, PNG);
    const who = a.members.administrator.sub;
    for (const claims of [a.members.owner, a.members.viewer, a.members.sales]) {
      expect((await readAs(claims, who)).contentType).toBe("image/png");
    }
    for (const claims of [b.members.owner, b.members.viewer]) {
      await expect(readAs(claims, who)).rejects.toMatchObject({ code: "not_found" });
    }
  });

  it("are written only by their owner", async () => {
    const other = await tryAsUser(
      sql,
      a.members.owner,
      (tx) =>
        tx`insert into profile_avatars (user_id, content_type, data) values (${a.members.viewer.sub}, 'image/png', ${PNG}) returning user_id`,
    );
    expect(other).toMatchObject({ ok: false, error: { code: "42501" } });
    await setMyAvatar(a.members.bot_trainer, PNG);
    const overwrite = await tryAsUser(
      sql,
      a.members.owner,
      (tx) =>
        tx`update profile_avatars set data = ${Buffer.from("x")} where user_id = ${a.members.bot_trainer.sub} returning user_id`,
    );
    expect(overwrite).toEqual({ ok: true, value: [] });
  });
});
