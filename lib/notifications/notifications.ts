import "server-only";
import { z } from "zod";
import { withUser, type UserClaims } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/**
 * The signed-in user's in-app notifications in one organization (the bell in the header). RLS
 * shows each user only their own, in organizations they still belong to, and lets them set
 * read_at and nothing else.
 */

export const notificationSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  title: z.string(),
  message: z.string(),
  priority: z.enum(["low", "medium", "high", "urgent"]),
  link: z.string().nullable(),
  execution_id: z.uuid().nullable(),
  read_at: z.date().nullable(),
  created_at: z.date(),
});
export type Notification = z.infer<typeof notificationSchema>;

export async function listNotifications(
  claims: UserClaims,
  organizationId: string,
  limit = 20,
): Promise<{ notifications: Notification[]; unread: number }> {
  return withUser(claims, async (tx) => {
    const [rows, [count]] = await Promise.all([
      tx`
        select id, kind, title, message, priority, link, execution_id, read_at, created_at
        from notifications
        where recipient_user_id = ${claims.sub} and organization_id = ${organizationId} and channel = 'in_app'
        order by created_at desc, id desc
        limit ${Math.min(Math.max(limit, 1), 100)}`,
      tx`
        select count(*)::int as n from notifications
        where recipient_user_id = ${claims.sub} and organization_id = ${organizationId} and channel = 'in_app'
          and read_at is null`,
    ]);
    return { notifications: z.array(notificationSchema).parse(rows), unread: Number(count?.n ?? 0) };
  });
}

/** Marks one notification read (idempotent). */
export async function markNotificationRead(
  claims: UserClaims,
  organizationId: string,
  id: string,
): Promise<void> {
  const rows = await withUser(
    claims,
    (tx) => tx`
      update notifications set read_at = coalesce(read_at, now())
      where id = ${id} and organization_id = ${organizationId} and recipient_user_id = ${claims.sub}
      returning id`,
  );
  if (rows.length === 0) throw new AppError("not_found", "That notification does not exist.");
}

/**
 * Marks the user's unread notifications in the organization read, all of them or those created up
 * to `until` (the newest one the user was shown; compared at the millisecond the browser got);
 * returns how many.
 */
export async function markAllNotificationsRead(
  claims: UserClaims,
  organizationId: string,
  until?: string,
): Promise<number> {
  const rows = await withUser(
    claims,
    (tx) => tx`
      update notifications set read_at = now()
      where organization_id = ${organizationId} and recipient_user_id = ${claims.sub} and read_at is null
        and (${until ?? null}::timestamptz is null
             or date_trunc('milliseconds', created_at) <= ${until ?? null}::timestamptz)
      returning id`,
  );
  return rows.length;
}
