import "server-only";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { isCalendarDay } from "@/lib/utils/search-params";

export const auditFilterSchema = z.object({
  actor: z.uuid().optional().catch(undefined),
  resource: z
    .string()
    .regex(/^[a-z_]+$/)
    .optional()
    .catch(undefined),
  action: z.enum(["insert", "update", "delete"]).optional().catch(undefined),
  from: z.iso.date().refine(isCalendarDay).optional().catch(undefined),
  to: z.iso.date().refine(isCalendarDay).optional().catch(undefined),
  /** Keyset pagination: the id of the last row of the previous page (a bigint JS holds exactly). */
  before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().catch(undefined),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const auditEntrySchema = z.object({
  id: z.coerce.number(),
  actor_id: z.uuid().nullable(),
  actor_name: z.string().nullable(),
  actor_api_key_id: z.uuid().nullable(),
  /** For membership entries: the member the change is about (name or email), when still known. */
  subject_name: z.string().nullable(),
  action: z.enum(["insert", "update", "delete"]),
  resource_type: z.string(),
  resource_id: z.string().nullable(),
  changes: z.record(z.string(), z.object({ before: z.unknown().optional(), after: z.unknown().optional() })),
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  created_at: z.date(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export async function listAuditLog(
  tx: Tx,
  organizationId: string,
  filter: AuditFilter,
  pageSize = 50,
): Promise<{ entries: AuditEntry[]; nextBefore: number | null }> {
  const rows = await tx`
      with directory as (select * from private.member_directory(${organizationId}))
      select a.id, a.actor_id, coalesce(d.display_name, d.email) as actor_name, a.actor_api_key_id,
             coalesce(s.display_name, s.email) as subject_name, a.action,
             a.resource_type, a.resource_id, a.changes, host(a.ip) as ip, a.user_agent, a.created_at
      from audit_logs a
      left join directory d on d.id = a.actor_id
      -- an update's changes hold only the changed columns, so the member comes from the row itself
      left join directory s on a.resource_type = 'organization_members'
        and s.id::text = coalesce(a.changes -> 'user_id' ->> 'after', a.changes -> 'user_id' ->> 'before',
                                  (select m.user_id::text from organization_members m where m.id::text = a.resource_id))
      where a.organization_id = ${organizationId}
        and (${filter.actor ?? null}::uuid is null or a.actor_id = ${filter.actor ?? null})
        and (${filter.resource ?? null}::text is null or a.resource_type = ${filter.resource ?? null})
        and (${filter.action ?? null}::text is null or a.action = ${filter.action ?? null})
        and (${filter.from ?? null}::date is null or a.created_at >= ${filter.from ?? null}::date)
        and (${filter.to ?? null}::date is null or a.created_at < ${filter.to ?? null}::date + 1)
        and (${filter.before ?? null}::bigint is null or a.id < ${filter.before ?? null})
      order by a.id desc
      limit ${pageSize + 1}`;
  const entries = z.array(auditEntrySchema).parse(rows.slice(0, pageSize));
  return { entries, nextBefore: rows.length > pageSize ? entries.at(-1)!.id : null };
}
