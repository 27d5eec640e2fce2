import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { inject } from "vitest";
import type { Sql, UserClaims } from "@/lib/db/client";

/** A pool on the tier's fresh test database, connected as the database owner (postgres). */
export function testSql(max = 4): Sql {
  return postgres(inject("databaseUrl"), { max, onnotice: () => {} });
}

/**
 * Creates an auth user directly in auth.users, as the auth server would, and returns the claims
 * a verified access token of theirs would carry.
 */
export async function createTestUser(
  sql: Sql,
  overrides: { email?: string; metadata?: Record<string, unknown> } = {},
): Promise<UserClaims & { email: string }> {
  const id = randomUUID();
  const email = overrides.email ?? `user-${id.slice(0, 8)}@example.test`;
  await sql`
    insert into auth.users (id, aud, role, email, encrypted_password, email_confirmed_at,
                            raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
    values (${id}, 'authenticated', 'authenticated', ${email}, '', now(),
            ${sql.json({ provider: "email", providers: ["email"] })},
            ${sql.json((overrides.metadata ?? {}) as postgres.JSONValue)}, now(), now())`;
  return { sub: id, role: "authenticated", email, aud: "authenticated" };
}

export async function deleteTestUsers(sql: Sql, ids: string[]): Promise<void> {
  if (ids.length) await sql`delete from auth.users where id = any(${ids}::uuid[])`;
}
