import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { asServiceRoleBypassingRls } from "@/lib/db/service-role";
import type { Priority } from "./schemas";

/**
 * Telling people something: one call, every channel. Writes a notification for each recipient who
 * is an active member of the organization (anyone else is ignored), with the channels their
 * preferences and set-up allow (private.notify), and queues each delivery on the durable queue in
 * `tx`, so nothing is sent for work that rolls back. A user transaction is lifted to the service
 * path for the call (the caller decided who is told).
 */

export type NotifyParams = {
  recipients: string[];
  kind: string;
  title: string;
  message?: string;
  priority?: Priority;
  /** A path in the app ("/o/acme/inbox?c=…"); emails and chats make it absolute. */
  link?: string | null;
  /** The Notify step: at most one notification per run, step and person. */
  executionId?: string;
  stepKey?: string;
};

export async function notify(tx: Tx, organizationId: string, p: NotifyParams): Promise<number> {
  if (p.recipients.length === 0) return 0;
  const link = p.link && /^(\/(?!\/)|https?:\/\/)/i.test(p.link) ? p.link.slice(0, 2000) : null;
  return asServiceRoleBypassingRls(tx, async () => {
    const [row] = await tx`
      select private.notify(${organizationId}, ${p.recipients}::uuid[], ${p.kind}, ${p.title.slice(0, 255)},
                            ${(p.message ?? "").slice(0, 5000)}, ${p.priority ?? "medium"}, ${link},
                            ${p.executionId ?? null}, ${p.stepKey ?? null}) as n`;
    return z.object({ n: z.number().int() }).parse(row).n;
  });
}

/** The organization's active owners (with its administrators when asked). */
export async function organizationManagers(
  tx: Tx,
  organizationId: string,
  withAdmins = false,
): Promise<string[]> {
  return asServiceRoleBypassingRls(tx, async () => {
    const [row] = await tx`select private.organization_managers(${organizationId}, ${withAdmins}) as ids`;
    return z.object({ ids: z.array(z.uuid()) }).parse(row).ids;
  });
}
