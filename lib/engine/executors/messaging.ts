import { sendMail } from "@/lib/mail/send";
import { withServiceRoleBypassingRls } from "@/lib/db/client";
import { StepError } from "@/lib/engine/policy";
import type { EngineExecutor } from "@/lib/engine/types";

/** notify: in-app notifications for people of the run's own organization (never another's). */
export const notify: EngineExecutor = async (config, context) => {
  const roles =
    config.audience === "owners"
      ? ["owner"]
      : config.audience === "everyone"
        ? null
        : ["owner", "administrator"];
  const rows = await withServiceRoleBypassingRls(
    (tx) => tx<{ id: string }[]>`
      insert into public.notifications (organization_id, recipient_user_id, kind, title, message, channel, link,
                                        execution_id, step_key, sent_at)
      select m.organization_id, m.user_id, 'workflow', ${String(config.title).slice(0, 255)},
             ${String(config.message ?? "").slice(0, 5000)}, 'in_app', ${(config.link as string) || null},
             ${context.executionId}, ${context.stepKey}, now()
      from public.organization_members m
      where m.organization_id = ${context.organizationId} and m.status = 'active'
        and (${roles}::text[] is null or m.role::text = any(${roles}::text[]))
      on conflict (execution_id, step_key, recipient_user_id) where execution_id is not null and step_key is not null
      do nothing
      returning id`,
    context.db,
  );
  context.log(`notified ${rows.length} member(s)`);
  return { kind: "done", output: { notified: rows.length } };
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
