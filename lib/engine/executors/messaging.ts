import { z } from "zod";
import { sendMail } from "@/lib/mail/send";
import { notify as sendNotification } from "@/lib/notifications/notify";
import { withServiceRoleBypassingRls } from "@/lib/db/client";
import { StepError } from "@/lib/engine/policy";
import type { EngineExecutor } from "@/lib/engine/types";

/**
 * notify: tells people of the run's own organization (never another's) on the channels each of
 * them chose for workflow messages (lib/notifications); once per run, step and person, so a step
 * that runs again after a crash does not notify twice.
 */
export const notify: EngineExecutor = async (config, context) => {
  const roles =
    config.audience === "owners"
      ? ["owner"]
      : config.audience === "everyone"
        ? null
        : ["owner", "administrator"];
  const notified = await withServiceRoleBypassingRls(async (tx) => {
    const members = z.array(z.object({ user_id: z.uuid() })).parse(
      await tx`
        select m.user_id from public.organization_members m
        where m.organization_id = ${context.organizationId} and m.status = 'active'
          and (${roles}::text[] is null or m.role::text = any(${roles}::text[]))`,
    );
    return sendNotification(tx, context.organizationId, {
      recipients: members.map((m) => m.user_id),
      kind: "workflow",
      title: String(config.title),
      message: String(config.message ?? ""),
      link: (config.link as string) || null,
      executionId: context.executionId,
      stepKey: context.stepKey,
    });
  }, context.db);
  context.log(`notified ${notified} member(s)`);
  return { kind: "done", output: { notified } };
};

export const sendEmail: EngineExecutor = async (config, context) => {
  const to = String(config.to ?? "").trim();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(to)) throw new StepError(`"${to}" is not an email address.`);
  await sendMail({
    to,
    subject: String(config.subject ?? "").slice(0, 300),
    text: String(config.body ?? ""),
    kind: "workflow",
  });
  context.log(`sent to ${to}`);
  return { kind: "done", output: { to, subject: config.subject, sent_at: new Date().toISOString() } };
};
