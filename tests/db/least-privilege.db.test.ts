import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { withServiceRoleBypassingRls, withUser, type Sql } from "@/lib/db/client";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, tryAsUser, type TestTenant } from "@/tests/support/tenants";

/**
 * Issue #15, item 13: the app and the worker log in as a role like Supabase's `authenticator`
 * (tests: a scratch database's own login role, made by supabase/local-stack/app-access.ts as the local
 * stack makes `authenticator`), never as a superuser; security-definer helpers do not answer
 * questions about other organizations.
 */

let sql: Sql;
let app: Sql;
let a: TestTenant;
let b: TestTenant;
let memberOfB: string;

beforeAll(async () => {
  sql = testSql();
  app = postgres(inject("appDatabaseUrl"), { max: 2, onnotice: () => {} });
  [a, b] = [await createTenant(sql, "Least A"), await createTenant(sql, "Least B")];
  const [tm] = await sql<{ id: string }[]>`
    insert into team_members (organization_id, full_name, user_id)
    values (${b.id}, 'B rep', ${b.members.sales.sub}) returning id`;
  memberOfB = tm!.id;
});

afterAll(async () => {
  await deleteTenants(sql, [a, b]);
  await app.end();
  await sql.end();
});

describe("the app's login role", () => {
  it("is no superuser, inherits nothing, and may switch only to anon, authenticated and service_role", async () => {
    const [me] = await app<
      {
        rolsuper: boolean;
        rolinherit: boolean;
        rolcreaterole: boolean;
        rolcreatedb: boolean;
        rolbypassrls: boolean;
        rolreplication: boolean;
      }[]
    >`select rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolbypassrls, rolreplication
      from pg_roles where rolname = current_user`;
    expect(me).toEqual({
      rolsuper: false,
      rolinherit: false,
      rolcreaterole: false,
      rolcreatedb: false,
      rolbypassrls: false,
      rolreplication: false,
    });
    const memberships = await app<{ rolname: string }[]>`
      select r.rolname from pg_auth_members m join pg_roles r on r.oid = m.roleid
      where m.member = (select oid from pg_roles where rolname = current_user) order by 1`;
    expect(memberships.map((m) => m.rolname)).toEqual(["anon", "authenticated", "service_role"]);
  });

  it("cannot `set local role postgres` from a user transaction", async () => {
    const attempt = withUser(a.members.owner, (tx) => tx`set local role postgres`, app);
    await expect(attempt).rejects.toMatchObject({ code: "42501" });
    const viaConfig = withUser(a.members.owner, (tx) => tx`select set_config('role', 'postgres', true)`, app);
    await expect(viaConfig).rejects.toMatchObject({ code: "42501" });
  });

  it("reads nothing by itself: every statement runs as a user under RLS or on the service path", async () => {
    await expect(app`select count(*) from public.organizations`).rejects.toMatchObject({ code: "42501" });
    await expect(app`select count(*) from graphile_worker.jobs`).rejects.toMatchObject({ code: "42501" });
    const seen = await withUser(a.members.owner, (tx) => tx`select id from public.organizations`, app);
    expect(seen.map((o) => o.id)).toContain(a.id);
    expect(seen.map((o) => o.id)).not.toContain(b.id);
    const all = await withServiceRoleBypassingRls(
      (tx) => tx`select count(*)::int as n from public.organizations where id in (${a.id}, ${b.id})`,
      app,
    );
    expect(all[0]!.n).toBe(2);
  });

  it("reaches the job queue on the service path only", async () => {
    const asUser = withUser(a.members.owner, (tx) => tx`select count(*) from graphile_worker.jobs`, app);
    await expect(asUser).rejects.toMatchObject({ code: "42501" });
    const [job] = await withServiceRoleBypassingRls(
      (tx) => tx<{ id: string }[]>`
        select (graphile_worker.add_job('least_privilege_probe', '{}'::json, run_at => now() + interval '1 day')).id`,
      app,
    );
    expect(job!.id).toBeTruthy();
    await sql`select graphile_worker.complete_jobs(array[${job!.id}]::bigint[])`;
  });
});

describe("security-definer helpers", () => {
  it("private.team_member_user answers about the caller's organizations only", async () => {
    const outsider = await tryAsUser(
      sql,
      a.members.owner,
      (tx) => tx`select private.team_member_user(${memberOfB}) as user_id`,
    );
    expect(outsider).toEqual({ ok: true, value: [{ user_id: null }] });
    const insider = await tryAsUser(
      sql,
      b.members.viewer,
      (tx) => tx`select private.team_member_user(${memberOfB}) as user_id`,
    );
    expect(insider).toEqual({ ok: true, value: [{ user_id: b.members.sales.sub }] });
  });

  it("private.period_closed tells another organization's closed periods to nobody outside it", async () => {
    await sql`insert into commission_periods (organization_id, period_month, closed_at)
              values (${b.id}, '2026-01-01', now())`;
    const ask = (claims: TestTenant["members"]["owner"]) =>
      tryAsUser(sql, claims, (tx) => tx`select private.period_closed(${b.id}, '2026-01-01') as closed`);
    expect(await ask(a.members.owner)).toEqual({ ok: true, value: [{ closed: false }] });
    expect(await ask(b.members.viewer)).toEqual({ ok: true, value: [{ closed: true }] });
    const service = await withServiceRoleBypassingRls(
      (tx) => tx`select private.period_closed(${b.id}, '2026-01-01') as closed`,
      app,
    );
    expect(service).toEqual([{ closed: true }]);
  });

  it("private.check_member_limit cannot be called by a user (it locks and counts any organization)", async () => {
    const attempt = await tryAsUser(
      sql,
      a.members.owner,
      (tx) => tx`select private.check_member_limit(${b.id}, true)`,
    );
    expect(attempt).toMatchObject({ ok: false, error: { code: "42501" } });
  });
});
