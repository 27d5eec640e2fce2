import type { z } from "zod";
import { readJson, type RequestContext } from "../context";
import { badRequest, DUPLICATE_EMAIL_MESSAGE, notFound, unprocessable } from "../errors";
import { requireAdmin } from "../guards";
import { json, type Reply } from "../http";
import { assertPasswordStrong, hashPassword } from "../passwords";
import { adminDeleteBody, adminUserBody, isUuid, validateEmail } from "../schemas";
import { parseGoDuration } from "../settings";
import {
  confirmEmail,
  createUser,
  findUserByEmail,
  findUserById,
  mergeMetadata,
  syncEmailIdentity,
  updateUser,
  userJson,
  userJsonFor,
  type Db,
  type IdentityRow,
  type UserRow,
} from "../users";
import { changePassword } from "./user";

/** The admin user API (supabase/auth internal/api/admin.go); every call needs service_role. */

type AdminUserBody = z.infer<typeof adminUserBody>;

const BCRYPT_HASH = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;

/** `ban_duration`: a Go duration from now, or "none" to lift a ban. */
function bannedUntil(banDuration: string): Date | null {
  if (banDuration === "none") return null;
  let until: Date | null = null;
  try {
    until = new Date(Date.now() + parseGoDuration(banDuration) * 1000);
  } catch {
    // reported below, with the out-of-range case
  }
  if (!until || Number.isNaN(until.getTime())) {
    throw badRequest("validation_failed", "invalid format for ban duration");
  }
  return until;
}

/** The password or password hash of a create/update body, hashed; undefined when neither is given. */
async function passwordHashOf(ctx: RequestContext, body: AdminUserBody): Promise<string | undefined> {
  if (body.password != null && body.password_hash) {
    throw badRequest("validation_failed", "Only a password or a password hash should be provided");
  }
  if (body.password_hash) {
    if (!BCRYPT_HASH.test(body.password_hash)) {
      throw badRequest("validation_failed", "Invalid password hash format");
    }
    return body.password_hash;
  }
  if (body.password == null) return undefined;
  assertPasswordStrong(body.password, ctx.deps.settings);
  return hashPassword(body.password);
}

function rejectPhone(body: AdminUserBody): void {
  if (body.phone) {
    throw unprocessable("phone_provider_disabled", "Phone users are not supported by the local auth server");
  }
}

async function loadUser(ctx: RequestContext, db: Db): Promise<UserRow> {
  const id = ctx.params.id ?? "";
  if (!isUuid(id)) throw notFound("validation_failed", "user_id must be an UUID");
  const user = await findUserById(db, id);
  if (!user) throw notFound("user_not_found", "User not found");
  return user;
}

async function assertEmailFree(db: Db, email: string, exceptUserId?: string): Promise<void> {
  const owner = await findUserByEmail(db, email);
  if (owner && owner.id !== exceptUserId) throw unprocessable("email_exists", DUPLICATE_EMAIL_MESSAGE);
}

/** POST /admin/users */
export async function adminCreateUser(ctx: RequestContext): Promise<Reply> {
  await requireAdmin(ctx);
  const body = await readJson(ctx, adminUserBody);
  rejectPhone(body);
  if (!body.email) {
    throw badRequest("validation_failed", "Cannot create a user without either an email or phone");
  }
  const email = validateEmail(body.email);
  if (body.id && !isUuid(body.id)) throw badRequest("validation_failed", "id must be an UUID");
  const passwordHash = (await passwordHashOf(ctx, body)) ?? "";
  const reply = await ctx.deps.sql.begin(async (tx) => {
    if (body.id && (await findUserById(tx, body.id))) {
      throw unprocessable("user_already_exists", "User already exists");
    }
    await assertEmailFree(tx, email);
    const user = await createUser(tx, {
      id: body.id ?? undefined,
      email,
      passwordHash,
      role: body.role ?? undefined,
      provider: "email",
      appMetadata: body.app_metadata ?? {},
      userMetadata: body.user_metadata ?? {},
      emailConfirmed: body.email_confirm ?? false,
      bannedUntil: body.ban_duration ? bannedUntil(body.ban_duration) : null,
    });
    return userJsonFor(tx, user);
  });
  return json(reply);
}

/** GET /admin/users/:id */
export async function adminGetUser(ctx: RequestContext): Promise<Reply> {
  await requireAdmin(ctx);
  const user = await loadUser(ctx, ctx.deps.sql);
  return json(await userJsonFor(ctx.deps.sql, user));
}

/** PUT /admin/users/:id: attributes change as given; metadata is merged, key by key. */
export async function adminUpdateUser(ctx: RequestContext): Promise<Reply> {
  await requireAdmin(ctx);
  const body = await readJson(ctx, adminUserBody);
  rejectPhone(body);
  const email = body.email ? validateEmail(body.email) : null;
  const passwordHash = await passwordHashOf(ctx, body);
  const reply = await ctx.deps.sql.begin(async (tx) => {
    let user = await loadUser(ctx, tx);
    if (email && email !== user.email) {
      await assertEmailFree(tx, email, user.id);
      user = await syncEmailIdentity(tx, await updateUser(tx, user.id, { email }));
    }
    // Like GoTrue, an admin password change signs the user out everywhere.
    if (passwordHash) user = await changePassword(tx, user, passwordHash, null);
    if (body.email_confirm) user = await confirmEmail(tx, user);
    const changes: Parameters<typeof updateUser>[2] = {};
    if (body.user_metadata)
      changes.raw_user_meta_data = mergeMetadata(user.raw_user_meta_data, body.user_metadata);
    if (body.app_metadata)
      changes.raw_app_meta_data = mergeMetadata(user.raw_app_meta_data, body.app_metadata);
    if (body.role) changes.role = body.role;
    if (body.ban_duration) changes.banned_until = bannedUntil(body.ban_duration);
    if (Object.keys(changes).length) user = await updateUser(tx, user.id, changes);
    return userJsonFor(tx, user);
  });
  return json(reply);
}

/** DELETE /admin/users/:id → `{}`; a soft delete keeps an anonymised row (models/user.go SoftDeleteUser). */
export async function adminDeleteUser(ctx: RequestContext): Promise<Reply> {
  await requireAdmin(ctx);
  const body = await readJson(ctx, adminDeleteBody);
  await ctx.deps.sql.begin(async (tx) => {
    const user = await loadUser(ctx, tx);
    // flow_state has no foreign key to users, so it is cleaned up by hand.
    await tx`delete from auth.flow_state where user_id = ${user.id}`;
    if (!body.should_soft_delete) {
      await tx`delete from auth.users where id = ${user.id}`;
      return;
    }
    await tx`delete from auth.sessions where user_id = ${user.id}`;
    await tx`delete from auth.identities where user_id = ${user.id}`;
    await tx`delete from auth.one_time_tokens where user_id = ${user.id}`;
    await updateUser(tx, user.id, {
      email: null,
      phone: null,
      encrypted_password: "",
      confirmation_token: "",
      recovery_token: "",
      email_change_token_new: "",
      email_change_token_current: "",
      email_change: "",
      raw_user_meta_data: {},
      deleted_at: new Date(),
    });
  });
  return json({});
}

const DEFAULT_PER_PAGE = 50;

function pageParam(value: string | null, fallback: number): number {
  if (value === null || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw badRequest("validation_failed", "Bad Pagination Parameters");
  return n;
}

/**
 * GET /admin/users?page&per_page (newest first), with GoTrue's X-Total-Count and Link headers.
 * Count and page come from one snapshot so the headers always agree with the rows.
 */
export async function adminListUsers(ctx: RequestContext): Promise<Reply> {
  await requireAdmin(ctx);
  const page = pageParam(ctx.url.searchParams.get("page"), 1);
  const perPage = pageParam(ctx.url.searchParams.get("per_page"), DEFAULT_PER_PAGE);
  const filter = ctx.url.searchParams.get("filter") ?? "";
  const pattern = `%${filter.replace(/[\\%_]/g, "\\$&")}%`;
  const { total, users } = await ctx.deps.sql.begin("isolation level repeatable read", async (tx) => {
    const [{ count }] = (await tx`
      select count(*)::int as count from auth.users
      where aud = 'authenticated' and (${filter} = '' or email ilike ${pattern})`) as unknown as [
      { count: number },
    ];
    const rows = await tx<UserRow[]>`
      select * from auth.users
      where aud = 'authenticated' and (${filter} = '' or email ilike ${pattern})
      order by created_at desc, id
      limit ${perPage} offset ${(page - 1) * perPage}`;
    const identities = rows.length
      ? await tx<IdentityRow[]>`
          select * from auth.identities where user_id = any(${rows.map((r) => r.id)}::uuid[]) order by created_at, id`
      : [];
    return {
      total: count,
      users: rows.map((u) =>
        userJson(
          u,
          identities.filter((i) => i.user_id === u.id),
        ),
      ),
    };
  });

  const lastPage = Math.ceil(total / perPage);
  // auth-js reads the page number right after the first "=", so `page` leads the query.
  const link = (n: number, rel: string) =>
    `<${ctx.deps.externalUrl}/admin/users?page=${n}&per_page=${perPage}>; rel="${rel}"`;
  const links = [...(page < lastPage ? [link(page + 1, "next")] : []), link(lastPage, "last")];
  return json({ users, aud: "authenticated" }, 200, {
    "x-total-count": String(total),
    link: links.join(", "),
  });
}
