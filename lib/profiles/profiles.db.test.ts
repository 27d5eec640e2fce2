import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withServiceRoleBypassingRls, withUser, type Sql } from "@/lib/db/client";
import { createTestUser, deleteTestUsers, testSql } from "@/tests/support/db";

describe("profiles", () => {
  let sql: Sql;
  let alice: Awaited<ReturnType<typeof createTestUser>>;
  let bob: Awaited<ReturnType<typeof createTestUser>>;

  beforeAll(async () => {
    sql = testSql();
    alice = await createTestUser(sql, { metadata: { display_name: "Alice" } });
    bob = await createTestUser(sql);
  });
  afterAll(async () => {
    await deleteTestUsers(sql, [alice.sub, bob.sub]);
    await sql.end();
  });

  it("are created by the auth.users trigger with the sign-up metadata", async () => {
    const [row] = await sql`select email, display_name, timezone from profiles where id = ${alice.sub}`;
    expect(row).toEqual({ email: alice.email, display_name: "Alice", timezone: "UTC" });
  });

  it("let a user read only their own profile", async () => {
    const rows = await withUser(alice, (tx) => tx`select id from profiles`, sql);
    expect(rows.map((r) => r.id)).toEqual([alice.sub]);
    const other = await withUser(alice, (tx) => tx`select id from profiles where id = ${bob.sub}`, sql);
    expect(other).toHaveLength(0);
  });

  it("let a user edit their own profile", async () => {
    const [row] = await withUser(
      alice,
      (tx) => tx`update profiles set bio = 'Hi' where id = ${alice.sub} returning bio, updated_at`,
      sql,
    );
    expect(row?.bio).toBe("Hi");
  });

  it("refuse to change another user's profile (no row matches under RLS)", async () => {
    const changed = await withUser(
      alice,
      (tx) => tx`update profiles set bio = 'hacked' where id = ${bob.sub} returning id`,
      sql,
    );
    expect(changed).toHaveLength(0);
    const [row] = await sql`select bio from profiles where id = ${bob.sub}`;
    expect(row?.bio).toBeNull();
  });

  it("refuse inserts, deletes and email changes by users", async () => {
    await expect(
      withUser(alice, (tx) => tx`insert into profiles (id) values (${bob.sub})`, sql),
    ).rejects.toMatchObject({ code: "42501" });
    await expect(
      withUser(alice, (tx) => tx`delete from profiles where id = ${alice.sub}`, sql),
    ).rejects.toMatchObject({
      code: "42501",
    });
    await expect(
      withUser(alice, (tx) => tx`update profiles set email = 'x@example.test' where id = ${alice.sub}`, sql),
    ).rejects.toMatchObject({ code: "42501" });
  });

  it("reject invalid values with a check violation", async () => {
    await expect(
      withUser(
        alice,
        (tx) => tx`update profiles set website = 'javascript:alert(1)' where id = ${alice.sub}`,
        sql,
      ),
    ).rejects.toMatchObject({ code: "23514" });
  });

  it("are invisible to anon", async () => {
    const asAnon = sql.begin(async (tx) => {
      await tx`set local role anon`;
      return tx`select id from profiles`;
    });
    await expect(asAnon).rejects.toMatchObject({ code: "42501" });
  });

  it("are reachable for the service path, which bypasses RLS", async () => {
    const rows = await withServiceRoleBypassingRls(
      (tx) => tx`select id from profiles where id in (${alice.sub}, ${bob.sub})`,
      sql,
    );
    expect(rows).toHaveLength(2);
  });

  it("follow the user's email when it changes", async () => {
    await sql`update auth.users set email = ${"new-" + bob.email} where id = ${bob.sub}`;
    const [row] = await sql`select email from profiles where id = ${bob.sub}`;
    expect(row?.email).toBe("new-" + bob.email);
  });
});
