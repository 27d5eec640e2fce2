import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { withServiceRoleBypassingRls, withUser, type Tx, type UserClaims } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { countRequest, type RateCount } from "./rate-limit";

/**
 * API keys look like `of_3kq9x2ab7c_<43 random characters>`. The first part (the prefix) is
 * shown to people to recognise a key; only a SHA-256 hash of the whole key is stored, and the
 * key itself is shown once, when it is made.
 */
const KEY_PATTERN = /^of_[0-9a-f]{10}_[A-Za-z0-9_-]{43}$/;

export function hashApiKey(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function generateApiKey(): { secret: string; prefix: string; hash: string } {
  const prefix = `of_${randomBytes(5).toString("hex")}`;
  const secret = `${prefix}_${randomBytes(32).toString("base64url")}`;
  return { secret, prefix, hash: hashApiKey(secret) };
}

export const apiKeyRowSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  permissions: z.array(z.string()),
  created_by: z.uuid().nullable(),
  created_by_name: z.string().nullable(),
  expires_at: z.date().nullable(),
  last_used_at: z.date().nullable(),
  revoked_at: z.date().nullable(),
  created_at: z.date(),
});
export type ApiKey = z.infer<typeof apiKeyRowSchema>;

export async function listApiKeys(claims: UserClaims, organizationId: string): Promise<ApiKey[]> {
  const rows = await withUser(
    claims,
    (tx) => tx`
      select k.id, k.name, k.prefix, k.permissions, k.created_by, coalesce(p.display_name, p.email) as created_by_name,
             k.expires_at, k.last_used_at, k.revoked_at, k.created_at
      from api_keys k left join profiles p on p.id = k.created_by
      where k.organization_id = ${organizationId}
      order by k.revoked_at is not null, k.created_at desc`,
  );
  return z.array(apiKeyRowSchema).parse(rows);
}

export async function createApiKey(
  claims: UserClaims,
  organizationId: string,
  input: { name: string; permissions: string[]; expiresAt?: Date | null },
): Promise<{ id: string; secret: string; prefix: string }> {
  const key = generateApiKey();
  const [row] = await withUser(
    claims,
    (tx) => tx`select public.create_api_key(${organizationId}, ${input.name}, ${key.prefix}, ${key.hash},
                                             ${input.permissions}, ${input.expiresAt ?? null}) as id`,
  );
  return { id: row!.id as string, secret: key.secret, prefix: key.prefix };
}

export async function revokeApiKey(claims: UserClaims, organizationId: string, keyId: string): Promise<void> {
  const rows = await withUser(
    claims,
    (tx) => tx`update api_keys set revoked_at = now()
               where id = ${keyId} and organization_id = ${organizationId} and revoked_at is null returning id`,
  );
  if (rows.length === 0) throw new AppError("not_found", "That key does not exist or is already revoked.");
}

export type AuthenticatedKey = {
  id: string;
  organizationId: string;
  userId: string;
  name: string;
  prefix: string;
  permissions: string[];
};

/**
 * Service path: finds the key by its hash (no user is behind the request yet) and counts the
 * request against the key's rate limit, in one transaction. Everything the request does
 * afterwards runs as the key's creator, narrowed to the key's permissions by RLS.
 */
export async function authenticateApiKeyCounted(
  secret: string,
): Promise<{ key: AuthenticatedKey; rate: RateCount }> {
  if (!KEY_PATTERN.test(secret)) throw new AppError("unauthenticated", "The API key is not valid.");
  return withServiceRoleBypassingRls(async (tx) => {
    const key = await findKey(tx, secret);
    return { key, rate: await countRequest(tx, key.id) };
  });
}

const keyRowSchema = apiKeyRowSchema
  .pick({ id: true, name: true, prefix: true, permissions: true, created_by: true })
  .extend({ organization_id: z.uuid() })
  .extend(apiKeyRowSchema.pick({ expires_at: true, revoked_at: true, last_used_at: true }).shape);

async function findKey(tx: Tx, secret: string): Promise<AuthenticatedKey> {
  const [row] = await tx`
    select id, organization_id, created_by, name, prefix, permissions, expires_at, revoked_at, last_used_at
    from api_keys where key_hash = ${hashApiKey(secret)}`;
  if (!row) throw new AppError("unauthenticated", "The API key is not valid.");
  const key = keyRowSchema.parse(row);
  if (key.revoked_at) throw new AppError("unauthenticated", "This API key has been revoked.");
  if (key.expires_at && key.expires_at <= new Date())
    throw new AppError("unauthenticated", "This API key has expired.");
  if (!key.created_by)
    throw new AppError("unauthenticated", "The person who made this API key no longer exists.");
  // Record use at most once a minute, so a busy key does not write on every request.
  if (!key.last_used_at || Date.now() - key.last_used_at.getTime() > 60_000) {
    await tx`update api_keys set last_used_at = now() where id = ${key.id}`;
  }
  return {
    id: key.id,
    organizationId: key.organization_id,
    userId: key.created_by,
    name: key.name,
    prefix: key.prefix,
    permissions: key.permissions,
  };
}
