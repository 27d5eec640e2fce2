import type postgres from "postgres";
import { ensureQueue } from "@/lib/queue/queue";

/**
 * How the app and the worker reach the database: as a login role that can do nothing by itself
 * and can only switch to `anon`, `authenticated` and `service_role`, exactly like Supabase's
 * `authenticator` (the role PostgREST logs in as). A user request's `set local role postgres`, or
 * any other escalation, fails; every statement runs under RLS or on the loudly named service path.
 *
 * Run as the superuser (the local stack at every start, `npm run db:reset`, the test tiers' scratch
 * databases). Migrations also run as the superuser, and so does the auth server (it stands in for
 * GoTrue, which logs in as its own `supabase_auth_admin`).
 */

/** The local stack's login role for the app and the worker: Supabase's own name for it. */
export const APP_LOGIN_ROLE = "authenticator";

export type AppAccessOptions = {
  /** The login role to create or update (NOINHERIT, no attributes, member of the three API roles). */
  role: string;
  password: string;
  /**
   * `npm run dev` only: the login role itself may read and write local_mailbox (the /dev/mailbox
   * page and captured emails). Revoked otherwise, so a production start of the same data folder
   * cannot show mail.
   */
  mailbox: boolean;
  /** The superuser's URL: graphile-worker installs its schema over it (the login role cannot). */
  superuserUrl: string;
};

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteLiteral = (text: string) => `'${text.replace(/'/g, "''")}'`;

export async function prepareAppAccess(admin: postgres.Sql, options: AppAccessOptions): Promise<void> {
  const role = quoteIdent(options.role);
  const [existing] = await admin`select 1 from pg_roles where rolname = ${options.role}`;
  // Roles are cluster-wide: another database of the same server may be creating it right now.
  if (!existing) await admin.unsafe(`create role ${role} login noinherit`).catch(ignoreDuplicate);
  await admin.unsafe(
    `alter role ${role} with login noinherit nosuperuser nocreatedb nocreaterole noreplication nobypassrls ` +
      `password ${quoteLiteral(options.password)}`,
  );
  await admin.unsafe(`grant anon, authenticated, service_role to ${role}`);
  if (options.mailbox) {
    await admin.unsafe(`grant usage on schema local_mailbox to ${role};
      grant select, insert on local_mailbox.messages to ${role};
      grant usage on all sequences in schema local_mailbox to ${role}`);
  } else {
    await admin.unsafe(`revoke all on all tables in schema local_mailbox from ${role};
      revoke all on all sequences in schema local_mailbox from ${role};
      revoke all on schema local_mailbox from ${role}`);
  }
  // The queue's schema is installed (and upgraded) by the superuser; the migration
  // 20261207000100_least_privilege.sql grants what it creates to service_role, the role the
  // worker and the app's enqueueing switch to.
  await ensureQueue(options.superuserUrl);
}

/** The login role's URL on the same server and database as `superuserUrl`. */
export function loginUrl(superuserUrl: string, role: string, password: string): string {
  const url = new URL(superuserUrl);
  url.username = encodeURIComponent(role);
  url.password = encodeURIComponent(password);
  return url.toString();
}

function ignoreDuplicate(e: unknown): void {
  const code = (e as { code?: string }).code;
  if (code !== "42710" && code !== "23505") throw e;
}
