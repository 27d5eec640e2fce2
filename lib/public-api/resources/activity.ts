import "server-only";
import { z } from "zod";
import { listPage, pageQuerySchema, pageSchema, readOne, type ListSource } from "@/lib/db/pagination";
import {
  markAllNotificationsRead,
  markNotificationRead,
  notificationSchema,
} from "@/lib/notifications/notifications";
import { endpoint, idParams } from "../endpoint";
import { createdRangeQuery, onTheWire, timestamp } from "./shared";

/** What happened: the audit log, and the notifications of the key's creator. */

const auditWire = z.object({
  id: z.int().describe("Entries are numbered; `starting_after` takes this number."),
  actor_id: z.uuid().nullable(),
  actor_api_key_id: z.uuid().nullable().describe("The API key that made the change, if one did."),
  action: z.enum(["insert", "update", "delete"]),
  resource_type: z.string().describe("The table changed (contacts, workflows …)."),
  resource_id: z.string().nullable(),
  changes: z.record(z.string(), z.unknown()).describe("Per column: `before` and `after`."),
  ip: z.string().nullable(),
  created_at: timestamp,
});
const auditLog: ListSource = {
  table: "public.audit_logs",
  columns: `t.id, t.actor_id, t.actor_api_key_id, t.action, t.resource_type, t.resource_id, t.changes,
            host(t.ip) as ip, t.created_at`,
  idKind: "bigint",
};

const notificationWire = onTheWire(notificationSchema);
const notifications: ListSource = {
  table: "public.notifications",
  columns: "t.id, t.kind, t.title, t.message, t.priority, t.link, t.execution_id, t.read_at, t.created_at",
};

export const activityEndpoints = {
  auditLog: endpoint({
    method: "get",
    path: "/api/v1/audit_log",
    operationId: "listAuditLog",
    summary: "The audit log: who changed what, and when (newest first)",
    tag: "Activity",
    permission: ["audit_logs", "read"],
    query: pageQuerySchema.extend({
      resource_type: z
        .string()
        .regex(/^[a-z_]{1,63}$/)
        .optional(),
      actor_id: z.uuid().optional(),
      ...createdRangeQuery,
    }),
    response: pageSchema(auditWire),
    handler: ({ tx, organizationId, query: q }) =>
      listPage(
        tx,
        organizationId,
        auditLog,
        q,
        auditWire,
        tx`${q.resource_type ? tx`t.resource_type = ${q.resource_type}` : tx`true`}
           and ${q.actor_id ? tx`t.actor_id = ${q.actor_id}` : tx`true`}
           and ${q.created_after ? tx`t.created_at > ${q.created_after}` : tx`true`}
           and ${q.created_before ? tx`t.created_at < ${q.created_before}` : tx`true`}`,
      ),
  }),
  notifications: endpoint({
    method: "get",
    path: "/api/v1/notifications",
    operationId: "listNotifications",
    summary: "The notifications of the key's creator in this organization, newest first",
    tag: "Activity",
    permission: ["organizations", "read"],
    query: pageQuerySchema.extend({
      unread: z.enum(["true", "false"]).optional().describe("`true`: only those not read yet."),
    }),
    response: pageSchema(notificationWire),
    handler: ({ tx, organizationId, key, query: q }) =>
      listPage(
        tx,
        organizationId,
        notifications,
        q,
        notificationWire,
        tx`t.recipient_user_id = ${key.userId} and ${q.unread === "true" ? tx`t.read_at is null` : tx`true`}`,
      ),
  }),
  readNotification: endpoint({
    method: "post",
    path: "/api/v1/notifications/{id}/read",
    operationId: "markNotificationRead",
    summary: "Mark a notification read",
    tag: "Activity",
    permission: ["organizations", "read"],
    params: idParams("notification"),
    response: notificationWire,
    handler: async ({ tx, claims, organizationId, params }) => {
      await markNotificationRead(claims, organizationId, params.id);
      return readOne(
        tx,
        organizationId,
        notifications,
        params.id,
        notificationWire,
        "That notification does not exist.",
      );
    },
  }),
  readAllNotifications: endpoint({
    method: "post",
    path: "/api/v1/notifications/read_all",
    operationId: "markAllNotificationsRead",
    summary: "Mark the key creator's unread notifications read (all, or those up to `until`)",
    tag: "Activity",
    permission: ["organizations", "read"],
    body: z.object({
      until: timestamp
        .optional()
        .describe(
          "Only those created up to this instant (the newest one you showed), so newer ones stay unread.",
        ),
    }),
    response: z.object({ read: z.int().describe("How many were marked read.") }),
    handler: async ({ claims, organizationId, body }) => ({
      read: await markAllNotificationsRead(claims, organizationId, body.until),
    }),
  }),
};
