import { formatDay } from "./format";
import type { PlanState, UsageRow } from "./overview";

/**
 * What the plan banner says, worked out from the plan's state: a failed payment and its grace
 * period, a subscription that is not paid, a trial or a plan about to end, and anything over the
 * plan's limits after a downgrade. Pure, so every case is unit-tested.
 */

export type PlanNotice = {
  kind: "info" | "warning" | "error";
  title: string;
  body: string;
  /** Whether the reader can act on it on the billing page (billing:update). */
  action?: "update-payment" | "upgrade";
};

const TRIAL_NOTICE_DAYS = 7;

export function planNotices(
  state: PlanState,
  options: { canManage: boolean; now?: Date } = { canManage: false },
): PlanNotice[] {
  const { status } = state;
  const now = options.now ?? new Date();
  const ask = options.canManage ? "" : " Ask an owner or administrator of this organization.";
  const paidPlan = status.subscription_plan_name ?? "paid";
  const notices: PlanNotice[] = [];

  if (status.status === "past_due" && status.grace_ends_at && status.grace_ends_at > now) {
    notices.push({
      kind: "warning",
      title: "A payment failed",
      body: `Your ${paidPlan} plan keeps working until ${formatDay(status.grace_ends_at)}. Update the payment details before then, or the Free plan's limits will apply.${ask}`,
      action: "update-payment",
    });
  } else if (["past_due", "unpaid", "incomplete"].includes(status.status)) {
    notices.push({
      kind: "error",
      title:
        status.status === "incomplete" ? "The subscription is not paid yet" : "The subscription is unpaid",
      body: `The Free plan's limits apply until the ${paidPlan} plan is paid. Nothing has been deleted.${ask}`,
      action: "update-payment",
    });
  } else if (status.cancel_at_period_end && status.current_period_end) {
    notices.push({
      kind: "info",
      title: `Your ${paidPlan} plan ends on ${formatDay(status.current_period_end)}`,
      body: "After that the Free plan's limits apply. Nothing will be deleted.",
      action: "upgrade",
    });
  } else if (
    status.status === "trialing" &&
    status.trial_end &&
    status.trial_end.getTime() - now.getTime() < TRIAL_NOTICE_DAYS * 24 * 3600 * 1000
  ) {
    notices.push({
      kind: "info",
      title: `Your trial ends on ${formatDay(status.trial_end)}`,
      body: `Then the ${paidPlan} plan is billed to the card on file.`,
    });
  }

  const over = state.usage.filter((u) => u.used > u.max_allowed);
  if (over.length > 0) {
    notices.push({
      kind: "warning",
      title: `Over the ${status.plan_name} plan's limits`,
      body: `${over.map(overLimitPhrase).join("; ")}. Nothing was deleted and everything keeps working, but you can't add more until you upgrade or remove some.${ask}`,
      action: "upgrade",
    });
  }
  return notices;
}

function overLimitPhrase(u: UsageRow): string {
  return `${u.used.toLocaleString("en-US")} ${u.label} (the plan allows ${u.max_allowed.toLocaleString("en-US")})`;
}

/** Usage as a share of its limit, for meters: 0–100, and where it stands. */
export function usageLevel(u: Pick<UsageRow, "used" | "max_allowed">): {
  percent: number;
  state: "ok" | "near" | "full" | "over";
} {
  if (u.max_allowed <= 0) return { percent: 100, state: u.used > 0 ? "over" : "full" };
  const percent = Math.min(100, Math.round((u.used / u.max_allowed) * 100));
  const state =
    u.used > u.max_allowed ? "over" : u.used === u.max_allowed ? "full" : percent >= 80 ? "near" : "ok";
  return { percent, state };
}
