import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql, Tx } from "@/lib/db/client";
import { testSql } from "@/tests/support/db";

/**
 * Issue #15, item 14: Supabase's database linter (splinter, supabase/splinter on GitHub) shows no
 * ERROR and no WARN in Orgflow's own schemas (public, private), except lints that concern only the
 * Data API (PostgREST and pg_graphql, which Orgflow turns off: supabase/config.toml [api]); each of
 * those findings is listed in the README with why it is safe.
 *
 * The checks are written here from splinter's lint definitions (same conditions, our own SQL),
 * for every ERROR and WARN lint about a database's own objects. The API-dependent ones run as on a
 * hosted project, with `pgrst.db_schemas` = 'public, graphql_public' (the default exposed schemas).
 * Left out: 0022 extension_versions_outdated (the server's packages, not our schema) and 0025
 * public_bucket_allows_listing (Storage, which Orgflow does not use).
 */

const OUR_SCHEMAS = ["public", "private"];

type Finding = { lint: string; object: string };
type Lint = {
  name: string;
  level: "ERROR" | "WARN";
  dataApiOnly: boolean;
  query: (tx: Tx) => Promise<Finding[]>;
};

const exposed = `n.nspname = any (string_to_array(replace(current_setting('pgrst.db_schemas', true), ' ', ''), ','))`;
const apiCanSelect = (rel: string) =>
  `(has_table_privilege('anon', ${rel}, 'SELECT') or has_table_privilege('authenticated', ${rel}, 'SELECT'))`;
const notExtensionMember = (oid: string) =>
  `not exists (select 1 from pg_depend d where d.objid = ${oid} and d.deptype = 'e')`;

/** Policies with their expressions as text (pg_policies), in our schemas. */
const policies = `
  select p.schemaname, p.tablename, p.policyname, p.permissive, p.roles, p.cmd,
         coalesce(p.qual, '') as qual, coalesce(p.with_check, '') as with_check, c.relrowsecurity
  from pg_policies p
  join pg_class c on c.relname = p.tablename
  join pg_namespace n on n.oid = c.relnamespace and n.nspname = p.schemaname
  where p.schemaname = any($1)`;

const lints: Lint[] = [
  {
    name: "0002 auth_users_exposed",
    level: "ERROR",
    dataApiOnly: true,
    query: (tx) =>
      tx.unsafe(
        `select '0002' as lint, c.relname as object
       from pg_depend d join pg_rewrite r on r.oid = d.objid join pg_class c on c.oid = r.ev_class
       join pg_namespace n on n.oid = c.relnamespace
       where d.refobjid = 'auth.users'::regclass and c.relkind in ('v', 'm') and ${exposed}
         and ${apiCanSelect("c.oid")}`,
      ),
  },
  {
    name: "0003 auth_rls_initplan",
    level: "WARN",
    dataApiOnly: false,
    query: (tx) =>
      tx.unsafe(
        `select '0003' as lint, tablename || '.' || policyname as object from (${policies}) p
       where relrowsecurity and exists (
         select 1 from unnest(array['auth.uid()', 'auth.jwt()', 'auth.role()', 'auth.email()']) f (fn),
                       unnest(array[qual, with_check]) e (expr)
         where e.expr like '%' || f.fn || '%' and lower(e.expr) not like '%select ' || f.fn || '%'
       )`,
        [OUR_SCHEMAS],
      ),
  },
  {
    name: "0006 multiple_permissive_policies",
    level: "WARN",
    dataApiOnly: false,
    query: (tx) =>
      tx.unsafe(
        `select '0006' as lint, p.tablename || ' ' || r.role || ' ' || a.action as object
       from (${policies}) p
       cross join lateral unnest(p.roles) r (role)
       cross join lateral unnest(case p.cmd when 'ALL' then array['SELECT', 'INSERT', 'UPDATE', 'DELETE']
                                          else array[p.cmd] end) a (action)
       join pg_roles pr on pr.rolname = r.role or r.role = 'public'
       where p.permissive = 'PERMISSIVE' and not pr.rolbypassrls and pr.rolname not like 'pg\\_%'
       group by p.tablename, r.role, a.action having count(distinct p.policyname) > 1`,
        [OUR_SCHEMAS],
      ),
  },
  {
    name: "0007 policy_exists_rls_disabled",
    level: "ERROR",
    dataApiOnly: false,
    query: (tx) =>
      tx.unsafe(
        `select distinct '0007' as lint, tablename as object from (${policies}) p where not relrowsecurity`,
        [OUR_SCHEMAS],
      ),
  },
  {
    name: "0009 duplicate_index",
    level: "WARN",
    dataApiOnly: false,
    query: (tx) =>
      tx.unsafe(
        `select '0009' as lint, tablename || ' ' || string_agg(indexname, ',') as object from pg_indexes
       where schemaname = any($1)
       group by schemaname, tablename, replace(indexdef, indexname, '') having count(*) > 1`,
        [OUR_SCHEMAS],
      ),
  },
  {
    name: "0010 security_definer_view",
    level: "ERROR",
    dataApiOnly: true,
    query: (tx) =>
      tx.unsafe(
        `select '0010' as lint, c.relname as object from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind = 'v' and ${exposed} and ${apiCanSelect("c.oid")} and ${notExtensionMember("c.oid")}
         and not coalesce(c.reloptions, '{}') && array['security_invoker=true', 'security_invoker=on',
                                                       'security_invoker=1', 'security_invoker=yes']`,
      ),
  },
  {
    name: "0011 function_search_path_mutable",
    level: "WARN",
    dataApiOnly: false,
    query: (tx) =>
      tx.unsafe(
        `select '0011' as lint, n.nspname || '.' || p.proname as object
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = any($1) and ${notExtensionMember("p.oid")}
         and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c like 'search_path=%')`,
        [OUR_SCHEMAS],
      ),
  },
  {
    name: "0013 rls_disabled_in_public",
    level: "ERROR",
    dataApiOnly: true,
    query: (tx) =>
      tx.unsafe(
        `select '0013' as lint, c.relname as object from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind = 'r' and not c.relrowsecurity and ${exposed} and ${apiCanSelect("c.oid")}`,
      ),
  },
  {
    name: "0014 extension_in_public",
    level: "WARN",
    dataApiOnly: false,
    query: (tx) => tx`
      select '0014' as lint, extname as object from pg_extension
      where extnamespace = 'public'::regnamespace and extname <> 'plpgsql'`,
  },
  {
    name: "0015 rls_references_user_metadata",
    level: "ERROR",
    dataApiOnly: false,
    query: (tx) =>
      tx.unsafe(
        `select '0015' as lint, tablename || '.' || policyname as object from (${policies}) p
       where (qual || with_check) ~ 'auth\\.jwt\\(\\).*user_metadata|request\\.jwt\\.claims.*user_metadata'`,
        [OUR_SCHEMAS],
      ),
  },
  {
    name: "0016/0017 materialized view or foreign table in the API",
    level: "WARN",
    dataApiOnly: true,
    query: (tx) =>
      tx.unsafe(
        `select '0016' as lint, c.relname as object from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind in ('m', 'f') and ${exposed} and ${apiCanSelect("c.oid")} and ${notExtensionMember("c.oid")}`,
      ),
  },
  {
    name: "0018 unsupported_reg_types",
    level: "WARN",
    dataApiOnly: false,
    query: (tx) =>
      tx.unsafe(
        `select '0018' as lint, c.relname || '.' || a.attname as object
       from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
       join pg_type t on t.oid = a.atttypid
       where n.nspname = any($1) and t.typnamespace = 'pg_catalog'::regnamespace
         and t.typname in ('regcollation', 'regconfig', 'regdictionary', 'regnamespace', 'regoper',
                           'regoperator', 'regproc', 'regprocedure')`,
        [OUR_SCHEMAS],
      ),
  },
  {
    name: "0021 fkey_to_auth_unique",
    level: "ERROR",
    dataApiOnly: false,
    query: (tx) =>
      tx.unsafe(
        `select '0021' as lint, c.conrelid::regclass::text || ' ' || c.conname as object
       from pg_constraint c join pg_class ref on ref.oid = c.confrelid
       join pg_index i on i.indexrelid = c.conindid
       where c.contype = 'f' and ref.relnamespace = 'auth'::regnamespace and i.indisunique and not i.indisprimary`,
      ),
  },
  {
    name: "0023 sensitive_columns_exposed",
    level: "ERROR",
    dataApiOnly: true,
    // Only tables without RLS are flagged, so the names matter only there (0013 finds those too).
    query: (tx) =>
      tx.unsafe(
        `select '0023' as lint, c.relname as object from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind = 'r' and not c.relrowsecurity and ${exposed} and ${apiCanSelect("c.oid")}`,
      ),
  },
  {
    name: "0024 rls_policy_always_true",
    level: "WARN",
    dataApiOnly: false,
    query: (tx) =>
      tx.unsafe(
        `select '0024' as lint, tablename || '.' || policyname as object from (${policies}) p
       where relrowsecurity and permissive = 'PERMISSIVE'
         and (roles && array['public', 'anon', 'authenticated']::name[])
         and (
           (cmd in ('UPDATE', 'DELETE', 'ALL') and (replace(lower(qual), ' ', '') in ('true', '(true)', '1=1', '(1=1)') or qual = ''))
           or replace(lower(with_check), ' ', '') in ('true', '(true)', '1=1', '(1=1)')
           or (with_check = '' and cmd = 'INSERT')
         )`,
        [OUR_SCHEMAS],
      ),
  },
  {
    name: "0026/0027 pg_graphql table exposed",
    level: "WARN",
    dataApiOnly: true,
    query: (tx) =>
      tx.unsafe(
        `select '0027' as lint, c.relname as object from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where exists (select 1 from pg_extension where extname = 'pg_graphql')
         and c.relkind in ('r', 'v', 'm', 'f', 'p') and ${exposed} and ${apiCanSelect("c.oid")}`,
      ),
  },
  {
    name: "0028/0029 security definer function executable by anon or authenticated",
    level: "WARN",
    dataApiOnly: true,
    query: (tx) =>
      tx.unsafe(
        `select '0029' as lint, p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' as object
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where p.prosecdef and ${exposed}
         and (has_function_privilege('anon', p.oid, 'EXECUTE') or has_function_privilege('authenticated', p.oid, 'EXECUTE'))`,
      ),
  },
];

let sql: Sql;
const findings = new Map<string, Finding[]>();

beforeAll(async () => {
  sql = testSql(1);
  await sql.begin(async (tx) => {
    await tx`set local pgrst.db_schemas = 'public, graphql_public'`;
    for (const lint of lints) findings.set(lint.name, (await lint.query(tx)) as Finding[]);
  });
});

afterAll(async () => {
  await sql.end();
});

describe("Supabase's linter on Orgflow's schemas", () => {
  it.each(lints.filter((l) => !l.dataApiOnly).map((l) => [l.name, l.level]))("%s (%s): nothing", (name) => {
    expect(findings.get(name)).toEqual([]);
  });

  it("Data-API-only findings are each listed in the README with why they are safe", () => {
    const readme = readFileSync("README.md", "utf8");
    const section = readme.slice(readme.indexOf("### Supabase's linter"));
    expect(section.length).toBeLessThan(readme.length);
    const dataApi = lints.filter((l) => l.dataApiOnly).flatMap((l) => findings.get(l.name)!);
    for (const finding of dataApi) {
      const name = finding.object.replace(/\(.*$/, "");
      expect(section, `${finding.lint} ${finding.object}`).toContain(`\`${name}\``);
    }
    // Only security-definer functions meant to be called by users; never a table without RLS.
    expect(dataApi.every((f) => f.lint === "0029")).toBe(true);
  });

  it("catches what it looks for (a mutable search_path and a table without RLS, rolled back)", async () => {
    const caught = await sql
      .begin(async (tx) => {
        await tx`set local pgrst.db_schemas = 'public, graphql_public'`;
        await tx`create function private.lint_probe() returns int language sql as 'select 1'`;
        await tx`create table public.lint_probe (password text)`;
        await tx`grant select on public.lint_probe to authenticated`;
        const found = [];
        for (const lint of lints) found.push(...((await lint.query(tx)) as Finding[]));
        throw Object.assign(new Error("rollback"), { found });
      })
      .catch((e: { found?: Finding[] }) => e.found ?? []);
    expect(caught).toEqual(
      expect.arrayContaining([
        { lint: "0011", object: "private.lint_probe" },
        { lint: "0013", object: "lint_probe" },
        { lint: "0023", object: "lint_probe" },
      ]),
    );
  });
});
