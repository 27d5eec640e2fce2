import { randomUUID } from "node:crypto";
import type postgres from "postgres";
import { DUPLICATE_EMAIL_MESSAGE, unprocessable } from "./errors";
import { factorJson, factorsOf, type FactorRow } from "./mfa";

/**
 * auth.users and auth.identities as GoTrue reads and writes them (internal/models/user.go,
 * identity.go), and the user JSON every endpoint answers with.
 */

/** A pool or a transaction: every helper here works in either. */
export type Db = postgres.ISql;

type Metadata = Record<string, unknown>;

export type UserRow = {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  invited_at: Date | null;
  confirmation_token: string | null;
  confirmation_sent_at: Date | null;
  recovery_token: string | null;
  recovery_sent_at: Date | null;
  email_change_token_new: string | null;
  email_change: string | null;
  email_change_sent_at: Date | null;
  email_change_token_current: string | null;
  email_change_confirm_status: number | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: Metadata | null;
  raw_user_meta_data: Metadata | null;
  created_at: Date | null;
  updated_at: Date | null;
  phone: string | null;
  phone_confirmed_at: Date | null;
  phone_change: string | null;
  phone_change_sent_at: Date | null;
  confirmed_at: Date | null;
  reauthentication_sent_at: Date | null;
  banned_until: Date | null;
  deleted_at: Date | null;
  is_anonymous: boolean;
};

export type IdentityRow = {
  id: string;
  provider_id: string;
  user_id: string;
  identity_data: Metadata;
  provider: string;
  last_sign_in_at: Date | null;
  created_at: Date | null;
  updated_at: Date | null;
  email: string | null;
};

/** The columns a handler may set through `updateUser`. */
export type UserUpdate = Partial<Omit<UserRow, "id" | "confirmed_at">>;

// GoTrue's instance id for single-tenant deployments (uuid.Nil).
const NIL_INSTANCE_ID = "00000000-0000-0000-0000-000000000000";
export const AUTHENTICATED_AUD = "authenticated";

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : undefined);
const nonEmpty = (s: string | null | undefined) => (s ? s : undefined);

export function isConfirmed(user: UserRow): boolean {
  return user.email_confirmed_at !== null || user.phone_confirmed_at !== null;
}

export function isBanned(user: UserRow): boolean {
  return user.banned_until !== null && user.banned_until.getTime() > Date.now();
}

export function identityJson(identity: IdentityRow) {
  return {
    identity_id: identity.id,
    id: identity.provider_id,
    user_id: identity.user_id,
    identity_data: identity.identity_data,
    provider: identity.provider,
    last_sign_in_at: iso(identity.last_sign_in_at),
    created_at: iso(identity.created_at),
    updated_at: iso(identity.updated_at),
    email: identity.email ?? undefined,
  };
}

/** The user object of GoTrue's API; optional timestamps are left out when unset, as Go's omitempty. */
export function userJson(user: UserRow, identities: IdentityRow[], factors: FactorRow[] = []) {
  return {
    id: user.id,
    aud: user.aud ?? "",
    role: user.role ?? "",
    email: user.email ?? "",
    email_confirmed_at: iso(user.email_confirmed_at),
    phone: user.phone ?? "",
    phone_confirmed_at: iso(user.phone_confirmed_at),
    confirmation_sent_at: iso(user.confirmation_sent_at),
    confirmed_at: iso(user.confirmed_at),
    invited_at: iso(user.invited_at),
    recovery_sent_at: iso(user.recovery_sent_at),
    new_email: nonEmpty(user.email_change),
    email_change_sent_at: iso(user.email_change_sent_at),
    new_phone: nonEmpty(user.phone_change),
    phone_change_sent_at: iso(user.phone_change_sent_at),
    reauthentication_sent_at: iso(user.reauthentication_sent_at),
    last_sign_in_at: iso(user.last_sign_in_at),
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    identities: identities.map(identityJson),
    // omitempty, as GoTrue's User.Factors
    ...(factors.length ? { factors: factors.map(factorJson) } : {}),
    created_at: iso(user.created_at),
    updated_at: iso(user.updated_at),
    banned_until: iso(user.banned_until),
    deleted_at: iso(user.deleted_at),
    is_anonymous: user.is_anonymous,
  };
}

export type UserJson = ReturnType<typeof userJson>;

export async function userJsonFor(db: Db, user: UserRow): Promise<UserJson> {
  return userJson(user, await identitiesOf(db, user.id), await factorsOf(db, user.id));
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const [user] = await db<UserRow[]>`select * from auth.users where id = ${id}`;
  return user;
}

/** Email lookups are case-insensitive: GoTrue stores and compares email addresses lower-cased. */
export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [user] = await db<UserRow[]>`
    select * from auth.users
    where lower(email) = ${email.toLowerCase()} and aud = ${AUTHENTICATED_AUD} and is_sso_user = false`;
  return user;
}

export async function identitiesOf(db: Db, userId: string): Promise<IdentityRow[]> {
  return db<IdentityRow[]>`select * from auth.identities where user_id = ${userId} order by created_at, id`;
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "23505";
}

/** Runs an insert/update that may collide with another user's email: 422 email_exists then. */
async function guardEmailUnique<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isUniqueViolation(e)) throw unprocessable("email_exists", DUPLICATE_EMAIL_MESSAGE);
    throw e;
  }
}

export type NewUser = {
  id?: string;
  email: string | null;
  passwordHash: string;
  role?: string;
  provider: "email" | "anonymous";
  appMetadata?: Metadata;
  userMetadata?: Metadata;
  emailConfirmed?: boolean;
  invited?: boolean;
  isAnonymous?: boolean;
  bannedUntil?: Date | null;
};

/** Inserts a user (and, for email users, their email identity) as GoTrue's signupNewUser does. */
export async function createUser(db: Db, input: NewUser): Promise<UserRow> {
  const now = new Date();
  const id = input.id ?? randomUUID();
  const appMetadata =
    input.provider === "anonymous"
      ? { ...input.appMetadata }
      : { ...input.appMetadata, provider: input.provider, providers: [input.provider] };
  const [user] = await guardEmailUnique(
    () => db<UserRow[]>`
      insert into auth.users (
        instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, invited_at,
        confirmation_token, recovery_token, email_change_token_new, email_change,
        raw_app_meta_data, raw_user_meta_data, created_at, updated_at, is_anonymous, banned_until)
      values (
        ${NIL_INSTANCE_ID}, ${id}, ${AUTHENTICATED_AUD}, ${input.role ?? "authenticated"}, ${input.email},
        ${input.passwordHash}, ${input.emailConfirmed ? now : null}, ${input.invited ? now : null},
        '', '', '', '',
        ${db.json(appMetadata as postgres.JSONValue)}, ${db.json((input.userMetadata ?? {}) as postgres.JSONValue)},
        ${now}, ${now}, ${input.isAnonymous ?? false}, ${input.bannedUntil ?? null})
      returning *`,
  );
  if (input.email) await createEmailIdentity(db, user!);
  return (await findUserById(db, id))!;
}

/** The email identity; like GoTrue, its data is also merged into the user's metadata. */
async function createEmailIdentity(db: Db, user: UserRow): Promise<void> {
  const now = new Date();
  const identityData = {
    sub: user.id,
    email: user.email,
    email_verified: user.email_confirmed_at !== null,
    phone_verified: false,
  };
  await db`
    insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
    values (${user.id}, ${user.id}, ${db.json(identityData)}, 'email', ${now}, ${now}, ${now})`;
  await updateUser(db, user.id, { raw_user_meta_data: mergeMetadata(user.raw_user_meta_data, identityData) });
}

/** Keeps the email identity (and the metadata mirroring it) in step with the user's email. */
export async function syncEmailIdentity(db: Db, user: UserRow): Promise<UserRow> {
  const patch = { email: user.email, email_verified: user.email_confirmed_at !== null };
  await db`
    update auth.identities
    set identity_data = identity_data || ${db.json(patch)}, updated_at = now()
    where user_id = ${user.id} and provider = 'email'`;
  return updateUser(db, user.id, { raw_user_meta_data: mergeMetadata(user.raw_user_meta_data, patch) });
}

/** Marks the email confirmed (keeping an earlier confirmation time) along with `changes`. */
export async function confirmEmail(db: Db, user: UserRow, changes: UserUpdate = {}): Promise<UserRow> {
  const updated = await updateUser(db, user.id, {
    ...changes,
    email_confirmed_at: user.email_confirmed_at ?? new Date(),
  });
  return syncEmailIdentity(db, updated);
}

export async function updateUser(db: Db, id: string, changes: UserUpdate): Promise<UserRow> {
  const values: Record<string, unknown> = { ...changes, updated_at: new Date() };
  for (const key of ["raw_app_meta_data", "raw_user_meta_data"] as const) {
    if (changes[key]) values[key] = db.json(changes[key] as postgres.JSONValue);
  }
  const [user] = await guardEmailUnique(
    () => db<UserRow[]>`update auth.users set ${db(values)} where id = ${id} returning *`,
  );
  if (!user) throw new Error(`user ${id} vanished during an update`);
  return user;
}

/** GoTrue's UpdateUserMetaData: top-level keys are set, and a null value removes its key. */
export function mergeMetadata(current: Metadata | null, updates: Metadata): Metadata {
  const merged: Metadata = { ...current };
  for (const [key, value] of Object.entries(updates)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

export async function recordSignIn(db: Db, userId: string): Promise<void> {
  await db`update auth.users set last_sign_in_at = now(), updated_at = now() where id = ${userId}`;
  await db`update auth.identities set last_sign_in_at = now() where user_id = ${userId}`;
}
