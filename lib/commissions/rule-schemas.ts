import { z } from "zod";
import { jsonTextDepth, MAX_JSON_DEPTH } from "@/lib/http/input-limits";
import { PERCENT_SCALE } from "./math";
import { parseDecimal, parseMajorAmount, toSafeNumber } from "./money";

/** What the plan and rule forms accept, and what the plans' reads return (rules.ts). */

const optionalDate = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || null)
  .refine((v) => v === null || /^\d{4}-\d{2}-\d{2}$/.test(v), "Use a date such as 2026-01-01.");

export const planInputSchema = z
  .object({
    name: z.string().trim().min(1, "Name the plan.").max(200, "Use at most 200 characters."),
    description: z.string().trim().max(2000).optional().default(""),
    // A checkbox after a hidden "false": the last value sent wins.
    active: z.preprocess(
      (v) => (Array.isArray(v) ? v[v.length - 1] : v),
      z
        .union([z.literal("on"), z.literal("true"), z.literal("false"), z.literal(""), z.boolean()])
        .optional()
        .transform((v) => v === true || v === "on" || v === "true"),
    ),
    effective_from: optionalDate,
    effective_to: optionalDate,
  })
  .refine((v) => !v.effective_to || !v.effective_from || v.effective_to >= v.effective_from, {
    message: "The end date comes after the start date.",
    path: ["effective_to"],
  });
export type PlanInput = z.output<typeof planInputSchema>;

const percentText = (label: string) =>
  z
    .string()
    .trim()
    .refine(
      (v) => /^\d{1,3}(\.\d{1,4})?$/.test(v) && Number(v) <= 100,
      `${label}: a percentage from 0 to 100 (up to 4 decimals).`,
    );

export const tierSchema = z.object({
  fromPercent: z
    .string()
    .trim()
    .refine((v) => /^\d{1,4}(\.\d{1,4})?$/.test(v), "A threshold such as 0, 50 or 100."),
  ratePercent: percentText("Tier rate"),
});
export const splitSchema = z.object({
  teamMemberId: z.uuid().nullable(),
  percent: z
    .string()
    .trim()
    .refine(
      (v) => /^\d{1,3}(\.\d{1,4})?$/.test(v) && Number(v) > 0 && Number(v) <= 100,
      "A share from 0 to 100.",
    ),
});

const jsonArray = <T extends z.ZodType>(item: T, label: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v || !v.trim()) return null;
      if (v.length > 20_000 || jsonTextDepth(v, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
        ctx.addIssue({ code: "custom", message: `${label} could not be read.` });
        return z.NEVER;
      }
      try {
        const parsed = z.array(item).min(1).max(20).safeParse(JSON.parse(v));
        if (parsed.success) return parsed.data as z.output<T>[];
        ctx.addIssue({
          code: "custom",
          message: `${label}: ${parsed.error.issues[0]?.message ?? "not valid"}`,
        });
      } catch {
        ctx.addIssue({ code: "custom", message: `${label} could not be read.` });
      }
      return z.NEVER;
    });

const optionalAmount = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || null);

export const ruleInputSchema = z
  .object({
    plan_id: z.uuid("Choose a plan."),
    name: z.string().trim().min(1, "Name the rule.").max(200, "Use at most 200 characters."),
    applies_to: z.enum(["everyone", "member_type", "team_member"], {
      error: "Choose who the rule applies to.",
    }),
    member_type: z
      .enum(["sales", "support", "operations"])
      .optional()
      .or(z.literal(""))
      .transform((v) => v || null),
    team_member_id: z
      .union([z.literal(""), z.uuid()])
      .optional()
      .transform((v) => v || null),
    kind: z.enum(["percentage", "flat", "tiered"], { error: "Choose percentage, flat or tiered." }),
    rate_percent: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || null),
    flat_amount: optionalAmount,
    quota: optionalAmount,
    tiers: jsonArray(tierSchema, "Tiers"),
    accelerator_multiplier: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || null)
      .refine(
        (v) => v === null || (/^\d{1,2}(\.\d{1,3})?$/.test(v) && Number(v) >= 1 && Number(v) <= 10),
        "A multiplier from 1 to 10.",
      ),
    cap: optionalAmount,
    currency: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v.toUpperCase() : null))
      .refine((v) => v === null || /^[A-Z]{3}$/.test(v), "Use a 3-letter currency code."),
    splits: jsonArray(splitSchema, "Splits"),
    effective_from: optionalDate,
    effective_to: optionalDate,
    position: z.coerce.number().int().min(0).max(1000).optional().default(0),
  })
  .transform((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (v.applies_to === "member_type" && !v.member_type) issue("member_type", "Choose the member type.");
    if (v.applies_to === "team_member" && !v.team_member_id)
      issue("team_member_id", "Choose the team member.");
    if (
      v.kind === "percentage" &&
      (!v.rate_percent || !percentText("Rate").safeParse(v.rate_percent).success)
    )
      issue("rate_percent", "Enter a rate from 0 to 100.");
    const needsCurrency = v.kind !== "percentage" || v.cap != null;
    if (needsCurrency && !v.currency) issue("currency", "Amounts need a currency.");
    const cur = v.currency ?? "USD";
    const money = (path: string, text: string | null, required: boolean, positive = false) => {
      if (text == null) {
        if (required) issue(path, "Enter an amount.");
        return null;
      }
      try {
        const m = parseMajorAmount(text, cur);
        if (m < 0n || (positive && m === 0n)) throw new RangeError();
        return toSafeNumber(m);
      } catch {
        issue(path, "Enter an amount such as 500 or 1,250.50.");
        return null;
      }
    };
    const flat = money("flat_amount", v.flat_amount, v.kind === "flat");
    const quota = money("quota", v.quota, v.kind === "tiered", true);
    const cap = money("cap", v.cap, false);
    if (v.kind === "tiered" && !v.tiers) issue("tiers", "Add at least one tier.");
    if (v.splits) {
      const total = v.splits.reduce((a, s) => a + parseDecimal(s.percent, PERCENT_SCALE), 0n);
      if (total !== 100n * 10n ** BigInt(PERCENT_SCALE))
        issue("splits", "Split shares must add up to exactly 100%.");
    }
    if (v.effective_from && v.effective_to && v.effective_to < v.effective_from)
      issue("effective_to", "The end date comes after the start date.");
    return {
      plan_id: v.plan_id,
      name: v.name,
      team_member_id: v.applies_to === "team_member" ? v.team_member_id : null,
      member_type: v.applies_to === "member_type" ? v.member_type : null,
      kind: v.kind,
      rate_percent: v.kind === "percentage" ? v.rate_percent : null,
      flat_amount_minor: v.kind === "flat" ? flat : null,
      quota_minor: v.kind === "tiered" ? quota : null,
      tiers: v.kind === "tiered" ? v.tiers : null,
      accelerator_multiplier: v.kind === "tiered" ? v.accelerator_multiplier : null,
      cap_per_period_minor: cap,
      currency: v.currency,
      splits: v.splits,
      effective_from: v.effective_from,
      effective_to: v.effective_to,
      position: v.position,
    };
  });
export type RuleInput = z.output<typeof ruleInputSchema>;

/** A decimal stored in jsonb (rules.ts writes text; older rows and the API may hold numbers). */
const storedDecimal = z.union([z.string(), z.number()]).transform(String);

export const planRuleSchema = z.object({
  id: z.string(),
  plan_id: z.string(),
  name: z.string(),
  team_member_id: z.string().nullable(),
  team_member_name: z.string().nullable(),
  member_type: z.string().nullable(),
  kind: z.enum(["percentage", "flat", "tiered"]),
  rate_percent: z.string().nullable(),
  flat_amount_minor: z.string().nullable(),
  quota_minor: z.string().nullable(),
  tiers: z.array(z.object({ fromPercent: storedDecimal, ratePercent: storedDecimal })).nullable(),
  accelerator_multiplier: z.string().nullable(),
  cap_per_period_minor: z.string().nullable(),
  currency: z.string().nullable(),
  splits: z
    .array(
      z.object({
        teamMemberId: z
          .string()
          .nullish()
          .transform((v) => v ?? null),
        percent: storedDecimal,
      }),
    )
    .nullable(),
  effective_from: z.string().nullable(),
  effective_to: z.string().nullable(),
  position: z.number(),
});

export const planRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  active: z.boolean(),
  effective_from: z.string(),
  effective_to: z.string().nullable(),
});

export type PlanWithRules = z.output<typeof planRowSchema> & { rules: z.output<typeof planRuleSchema>[] };
