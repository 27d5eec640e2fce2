import { parseCronItem } from "graphile-worker";
import { sql as defaultSql, withServiceRoleBypassingRls, type Sql } from "@/lib/db/client";
import { normalizeCron } from "@/lib/workflows/cron";
import { startExecution } from "./start";

/**
 * Which active workflows a trigger starts: workflows.trigger_type/trigger_config, copied from the
 * trigger step when the workflow is published; the published version is the one that runs.
 */

type Candidate = {
  workflow_id: string;
  organization_id: string;
  version_id: string;
  config: Record<string, unknown>;
};

/** `publishedBy`: only workflows that had a published version then (an event's own time). */
async function candidates(
  db: Sql,
  nodeType: string,
  organizationId: string | null,
  publishedBy: string | null = null,
): Promise<Candidate[]> {
  return withServiceRoleBypassingRls(
    (tx) => tx<Candidate[]>`
      select w.id as workflow_id, w.organization_id, w.published_version_id as version_id, w.trigger_config as config
      from public.workflows w
      where w.status = 'active' and w.trigger_type = ${nodeType} and w.published_version_id is not null
        and (${organizationId}::uuid is null or w.organization_id = ${organizationId}::uuid)
        and (${publishedBy}::timestamptz is null or exists (
              select 1 from public.workflow_versions v
              where v.workflow_id = w.id and v.created_at <= ${publishedBy}::timestamptz))`,
    db,
  );
}

/**
 * App events: `emitAppEvent(orgId, "contact.created", { contact })` starts the matching active
 * workflows of that organization, and only that organization's. Features queue their events with
 * lib/engine/app-events.ts (in the transaction of the change); its worker task calls this with the
 * time the event happened, and a workflow first published after that time does not hear of it
 * (events wait in the queue while no worker runs; they do not flood workflows made since).
 */
export async function emitAppEvent(
  organizationId: string,
  event: string,
  payload: Record<string, unknown>,
  db: Sql = defaultSql(),
  occurredAt?: string,
): Promise<string[]> {
  const started: string[] = [];
  for (const c of await candidates(db, "event", organizationId, occurredAt ?? null)) {
    if (c.organization_id !== organizationId || c.config?.event !== event) continue;
    const wanted = c.config.status;
    const status = (payload.opportunity as { status?: unknown } | undefined)?.status;
    if (event === "opportunity.status_changed" && wanted && wanted !== "any" && wanted !== status) continue;
    const { executionId } = await startExecution({
      organizationId,
      workflowId: c.workflow_id,
      versionId: c.version_id,
      triggerType: "event",
      input: { event, occurred_at: occurredAt ?? new Date().toISOString(), ...payload },
      db,
    }).catch((e: Error) => {
      console.error(`[engine] event ${event} could not start workflow ${c.workflow_id}: ${e.message}`);
      return { executionId: null };
    });
    if (executionId) started.push(executionId);
  }
  return started;
}

/** The minute `at` as a cron matcher sees it in `timeZone`. */
export function digestIn(at: Date, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      minute: "numeric",
      hour: "numeric",
      day: "numeric",
      month: "numeric",
      weekday: "short",
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const dow = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(parts.weekday!);
  return {
    min: Number(parts.minute),
    hour: Number(parts.hour),
    date: Number(parts.day),
    month: Number(parts.month),
    dow,
  };
}

/**
 * Fires the schedule triggers due in the minute `slot`. Every worker's scheduler may call this
 * for the same minute; the (workflow, slot) row in private.engine_schedule_fires makes each slot
 * start exactly one run. Missed-run policy: a minute that no scheduler looked at (all workers down)
 * is skipped, not made up later; the next due minute fires as usual.
 */
export async function fireDueSchedules(slot: Date, db: Sql = defaultSql()): Promise<string[]> {
  const minute = new Date(Math.floor(slot.getTime() / 60_000) * 60_000);
  const started: string[] = [];
  for (const c of await candidates(db, "schedule", null)) {
    const cron = normalizeCron(String(c.config?.cron ?? ""));
    if (!cron) continue;
    let due = false;
    try {
      const item = parseCronItem({ task: "x", match: cron, identifier: c.workflow_id });
      due = item.match(digestIn(minute, String(c.config?.timezone || "UTC")));
    } catch {
      continue;
    }
    if (!due) continue;
    const claimed = await withServiceRoleBypassingRls(
      (
        tx,
      ) => tx`insert into private.engine_schedule_fires (workflow_id, slot) values (${c.workflow_id}, ${minute})
                 on conflict do nothing returning workflow_id`,
      db,
    );
    if (!claimed.length) continue;
    try {
      const { executionId } = await startExecution({
        organizationId: c.organization_id,
        workflowId: c.workflow_id,
        versionId: c.version_id,
        triggerType: "schedule",
        input: { scheduled_at: minute.toISOString(), timezone: c.config?.timezone ?? "UTC" },
        db,
      });
      await withServiceRoleBypassingRls(
        (tx) => tx`update private.engine_schedule_fires set execution_id = ${executionId}
                   where workflow_id = ${c.workflow_id} and slot = ${minute}`,
        db,
      );
      started.push(executionId);
    } catch (e) {
      console.error(
        `[engine] schedule of workflow ${c.workflow_id} could not start: ${(e as Error).message}`,
      );
    }
  }
  return started;
}
