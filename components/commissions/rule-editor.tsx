"use client";

import * as React from "react";
import { Pencil, Plus, Trash2 } from "lucide-react";
import { ActionDialogButton, type ActionForm } from "@/components/forms/action-dialog";
import { DeleteDialogButton } from "@/components/forms/delete-dialog-button";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import {
  createPlanAction,
  createRuleAction,
  deletePlanAction,
  deleteRuleAction,
  updatePlanAction,
  updateRuleAction,
} from "@/lib/commissions/actions";
import { computeCommission, splitDeal, type RuleSpec } from "@/lib/commissions/math";
import { formatMinor, parseMajorAmount } from "@/lib/commissions/money";
import { MemberOptions, type MemberOption } from "./member-options";
import type { PlanValues, RuleValues } from "./rule-values";

/** `list` with item `i` changed by `patch` (for the tier and share rows). */
function replaceAt<T>(list: T[], i: number, patch: Partial<T>): T[] {
  return list.map((x, j) => (j === i ? { ...x, ...patch } : x));
}

/** `list` without item `i`. */
function removeAt<T>(list: T[], i: number): T[] {
  return list.filter((_, j) => j !== i);
}

/** The trash button ending a tier or share row. */
function RemoveRowButton({
  label,
  disabled,
  onClick,
}: {
  label: string;
  disabled?: boolean;
  onClick: () => void;
}) {
  return (
    <Button variant="ghost" size="icon-sm" aria-label={label} disabled={disabled} onClick={onClick}>
      <Trash2 aria-hidden="true" />
    </Button>
  );
}

/** The pencil icon button that opens an edit dialog. */
function editTrigger(label: string) {
  return {
    variant: "ghost",
    size: "icon-sm",
    "aria-label": label,
    children: <Pencil aria-hidden="true" />,
  } as const;
}

/** The live preview of the rule being edited, computed in the browser with the same math. */
function livePreview(v: RuleValues, dealText: string, priorText: string, members: MemberOption[]): string {
  try {
    const currency = /^[A-Za-z]{3}$/.test(v.currency) ? v.currency.toUpperCase() : "USD";
    const deal = parseMajorAmount(dealText || "0", currency);
    if (deal <= 0n) return "Enter a deal amount to see what it pays.";
    const prior = priorText ? parseMajorAmount(priorText, currency) : 0n;
    const spec: RuleSpec = {
      kind: v.kind,
      ratePercent: v.rate_percent || "0",
      flatAmountMinor: v.flat_amount ? parseMajorAmount(v.flat_amount, currency) : 0n,
      quotaMinor: v.quota ? parseMajorAmount(v.quota, currency) : null,
      tiers: v.tiers,
      acceleratorMultiplier: v.accelerator_multiplier || null,
      capPerPeriodMinor: v.cap ? parseMajorAmount(v.cap, currency) : null,
    };
    if (v.kind === "tiered" && !spec.quotaMinor) return "Enter the quota for the period.";
    const shares = v.splits.length
      ? splitDeal(
          deal,
          v.splits.map((s) => s.percent || "0"),
        ).map((base, i) => ({
          who: v.splits[i]!.teamMemberId
            ? (members.find((m) => m.id === v.splits[i]!.teamMemberId)?.name ?? "someone")
            : "the deal's rep",
          base,
        }))
      : [{ who: "the rep", base: deal }];
    return (
      `A ${formatMinor(deal, currency)} deal pays ` +
      shares
        .map((s) => {
          const r = computeCommission({ rule: spec, baseMinor: s.base, currency, priorBaseMinor: prior });
          return `${s.who} ${formatMinor(r.amountMinor, currency)} (${r.explanation})`;
        })
        .join("; ")
    );
  } catch (e) {
    return `Cannot preview yet: ${(e as Error).message}.`;
  }
}

function RuleFields({
  form,
  initial,
  members,
}: {
  form: ActionForm;
  initial: RuleValues;
  members: MemberOption[];
}) {
  const [v, setV] = React.useState(initial);
  const [deal, setDeal] = React.useState("12000");
  const [prior, setPrior] = React.useState("");
  const set = <K extends keyof RuleValues>(k: K, value: RuleValues[K]) => setV((x) => ({ ...x, [k]: value }));
  const err = (name: string) => form.fieldError(name);
  const splitTotal = v.splits.reduce((a, s) => a + (Number(s.percent) || 0), 0);
  return (
    <div className="flex flex-col gap-4">
      <input type="hidden" name="plan_id" value={v.plan_id} />
      <input type="hidden" name="tiers" value={v.kind === "tiered" ? JSON.stringify(v.tiers) : ""} />
      <input
        type="hidden"
        name="splits"
        value={
          v.splits.length
            ? JSON.stringify(
                v.splits.map((s) => ({ teamMemberId: s.teamMemberId || null, percent: s.percent })),
              )
            : ""
        }
      />
      <FormField name="name" label="Rule name" error={err("name")} required>
        <Input
          value={v.name}
          onChange={(e) => set("name", e.target.value)}
          placeholder="E.g. 10% of every deal"
        />
      </FormField>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField name="applies_to" label="Applies to" error={err("applies_to")}>
          <NativeSelect
            value={v.applies_to}
            onChange={(e) => set("applies_to", e.target.value as RuleValues["applies_to"])}
          >
            <option value="everyone">Everyone</option>
            <option value="member_type">A type of team member</option>
            <option value="team_member">One team member</option>
          </NativeSelect>
        </FormField>
        {v.applies_to === "member_type" ? (
          <FormField name="member_type" label="Member type" error={err("member_type")}>
            <NativeSelect value={v.member_type} onChange={(e) => set("member_type", e.target.value)}>
              <option value="sales">Sales</option>
              <option value="support">Support</option>
              <option value="operations">Operations</option>
            </NativeSelect>
          </FormField>
        ) : v.applies_to === "team_member" ? (
          <FormField name="team_member_id" label="Team member" error={err("team_member_id")}>
            <NativeSelect value={v.team_member_id} onChange={(e) => set("team_member_id", e.target.value)}>
              <option value="">Choose…</option>
              <MemberOptions members={members} />
            </NativeSelect>
          </FormField>
        ) : null}
      </div>
      <div className="grid gap-4 sm:grid-cols-[1fr_7rem]">
        <FormField name="kind" label="Pays" error={err("kind")}>
          <NativeSelect value={v.kind} onChange={(e) => set("kind", e.target.value as RuleValues["kind"])}>
            <option value="percentage">A percentage of the deal</option>
            <option value="flat">A flat amount per deal</option>
            <option value="tiered">Tiered by attainment of a monthly quota</option>
          </NativeSelect>
        </FormField>
        <FormField
          name="currency"
          label="Currency"
          error={err("currency")}
          hint={v.kind === "percentage" && !v.cap ? "Optional" : undefined}
        >
          <Input
            maxLength={3}
            className="uppercase"
            value={v.currency}
            onChange={(e) => set("currency", e.target.value)}
          />
        </FormField>
      </div>
      {v.kind === "percentage" ? (
        <FormField name="rate_percent" label="Rate (%)" error={err("rate_percent")} required>
          <Input
            inputMode="decimal"
            value={v.rate_percent}
            onChange={(e) => set("rate_percent", e.target.value)}
          />
        </FormField>
      ) : v.kind === "flat" ? (
        <FormField name="flat_amount" label="Amount per deal" error={err("flat_amount")} required>
          <Input
            inputMode="decimal"
            value={v.flat_amount}
            onChange={(e) => set("flat_amount", e.target.value)}
          />
        </FormField>
      ) : (
        <fieldset className="flex flex-col gap-3 rounded-lg border p-3">
          <legend className="px-1 text-sm font-medium">Tiers</legend>
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField name="quota" label="Monthly quota" error={err("quota")} required>
              <Input inputMode="decimal" value={v.quota} onChange={(e) => set("quota", e.target.value)} />
            </FormField>
            <FormField
              name="accelerator_multiplier"
              label="Accelerator above 100%"
              optional
              error={err("accelerator_multiplier")}
              hint="E.g. 1.5 multiplies the rates of tiers from 100% up."
            >
              <Input
                inputMode="decimal"
                value={v.accelerator_multiplier}
                onChange={(e) => set("accelerator_multiplier", e.target.value)}
              />
            </FormField>
          </div>
          {err("tiers") ? <p className="text-sm text-destructive">{err("tiers")}</p> : null}
          <ul className="flex flex-col gap-2">
            {v.tiers.map((t, i) => (
              <li key={i} className="flex items-end gap-2">
                <label className="grid flex-1 gap-1 text-xs">
                  From % of quota
                  <Input
                    inputMode="decimal"
                    value={t.fromPercent}
                    onChange={(e) => set("tiers", replaceAt(v.tiers, i, { fromPercent: e.target.value }))}
                  />
                </label>
                <label className="grid flex-1 gap-1 text-xs">
                  Rate %
                  <Input
                    inputMode="decimal"
                    value={t.ratePercent}
                    onChange={(e) => set("tiers", replaceAt(v.tiers, i, { ratePercent: e.target.value }))}
                  />
                </label>
                <RemoveRowButton
                  label={`Remove tier ${i + 1}`}
                  disabled={v.tiers.length === 1}
                  onClick={() => set("tiers", removeAt(v.tiers, i))}
                />
              </li>
            ))}
          </ul>
          <Button
            variant="outline"
            size="sm"
            className="self-start"
            onClick={() => set("tiers", [...v.tiers, { fromPercent: "", ratePercent: "" }])}
          >
            <Plus aria-hidden="true" />
            Add tier
          </Button>
        </fieldset>
      )}
      <FormField name="cap" label="Cap per rep per month" optional error={err("cap")}>
        <Input inputMode="decimal" value={v.cap} onChange={(e) => set("cap", e.target.value)} />
      </FormField>
      <fieldset className="flex flex-col gap-3 rounded-lg border p-3">
        <legend className="px-1 text-sm font-medium">Split the deal (optional)</legend>
        {err("splits") ? <p className="text-sm text-destructive">{err("splits")}</p> : null}
        {v.splits.length ? (
          <ul className="flex flex-col gap-2">
            {v.splits.map((s, i) => (
              <li key={i} className="flex items-end gap-2">
                <label className="grid flex-1 gap-1 text-xs">
                  Who
                  <NativeSelect
                    value={s.teamMemberId}
                    onChange={(e) => set("splits", replaceAt(v.splits, i, { teamMemberId: e.target.value }))}
                  >
                    <option value="">The deal&apos;s rep</option>
                    <MemberOptions members={members} />
                  </NativeSelect>
                </label>
                <label className="grid w-24 gap-1 text-xs">
                  Share %
                  <Input
                    inputMode="decimal"
                    value={s.percent}
                    onChange={(e) => set("splits", replaceAt(v.splits, i, { percent: e.target.value }))}
                  />
                </label>
                <RemoveRowButton
                  label={`Remove share ${i + 1}`}
                  onClick={() => set("splits", removeAt(v.splits, i))}
                />
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-xs text-muted-foreground">Without shares, the whole deal counts for its rep.</p>
        )}
        <div className="flex items-center justify-between gap-2">
          <Button
            variant="outline"
            size="sm"
            onClick={() =>
              set("splits", [
                ...v.splits,
                { teamMemberId: v.splits.length ? "" : "", percent: v.splits.length ? "" : "100" },
              ])
            }
          >
            <Plus aria-hidden="true" />
            Add share
          </Button>
          {v.splits.length ? (
            <span
              className={splitTotal === 100 ? "text-xs text-muted-foreground" : "text-xs text-destructive"}
            >
              {splitTotal}% of 100%
            </span>
          ) : null}
        </div>
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-3">
        <FormField name="effective_from" label="From" optional error={err("effective_from")}>
          <Input
            type="date"
            value={v.effective_from}
            onChange={(e) => set("effective_from", e.target.value)}
          />
        </FormField>
        <FormField name="effective_to" label="Until" optional error={err("effective_to")}>
          <Input type="date" value={v.effective_to} onChange={(e) => set("effective_to", e.target.value)} />
        </FormField>
        <FormField name="position" label="Order" optional error={err("position")}>
          <Input inputMode="numeric" value={v.position} onChange={(e) => set("position", e.target.value)} />
        </FormField>
      </div>
      <section aria-label="Live preview" className="flex flex-col gap-2 rounded-lg bg-muted/50 p-3">
        <div className="grid gap-3 sm:grid-cols-2">
          <label className="grid gap-1 text-xs">
            Try a deal of
            <Input inputMode="decimal" value={deal} onChange={(e) => setDeal(e.target.value)} />
          </label>
          {v.kind === "tiered" || v.cap ? (
            <label className="grid gap-1 text-xs">
              Already sold (or earned, for the cap) this month
              <Input inputMode="decimal" value={prior} onChange={(e) => setPrior(e.target.value)} />
            </label>
          ) : null}
        </div>
        <p className="text-sm" aria-live="polite">
          {livePreview(v, deal, prior, members)}
        </p>
      </section>
    </div>
  );
}

export function RuleDialogButton({
  slug,
  values,
  members,
  mode,
}: {
  slug: string;
  values: RuleValues;
  members: MemberOption[];
  mode: "create" | "edit";
}) {
  return (
    <ActionDialogButton
      trigger={
        mode === "create"
          ? {
              variant: "outline",
              size: "sm",
              children: (
                <>
                  <Plus aria-hidden="true" />
                  Add rule
                </>
              ),
            }
          : editTrigger(`Edit rule ${values.name}`)
      }
      className="max-w-2xl"
      title={mode === "create" ? "Add a rule" : `Edit ${values.name}`}
      description="In each plan, a rep's own rules win over their type's, which win over the rules for everyone."
      action={mode === "create" ? createRuleAction : updateRuleAction}
      fields={{ organization: slug, ...(values.id ? { id: values.id } : {}) }}
      submitLabel={mode === "create" ? "Add rule" : "Save rule"}
      pendingLabel="Saving…"
    >
      {(form) => <RuleFields form={form} initial={values} members={members} />}
    </ActionDialogButton>
  );
}

export function DeleteRuleButton({ slug, id, name }: { slug: string; id: string; name: string }) {
  return (
    <DeleteDialogButton
      label={`Delete rule ${name}`}
      title={`Delete the rule ${name}?`}
      description="Commissions already computed keep their amounts; new sales no longer use it."
      action={deleteRuleAction}
      fields={{ organization: slug, id }}
      submitLabel="Delete rule"
    />
  );
}

function PlanFields({ form, values }: { form: ActionForm; values: PlanValues }) {
  return (
    <>
      <FormField name="name" label="Plan name" error={form.fieldError("name")} required>
        <Input defaultValue={form.value("name", values.name)} />
      </FormField>
      <FormField name="description" label="Description" optional error={form.fieldError("description")}>
        <Textarea rows={2} defaultValue={form.value("description", values.description)} />
      </FormField>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField
          name="effective_from"
          label="In force from"
          optional
          error={form.fieldError("effective_from")}
        >
          <Input type="date" defaultValue={form.value("effective_from", values.effective_from)} />
        </FormField>
        <FormField name="effective_to" label="Until" optional error={form.fieldError("effective_to")}>
          <Input type="date" defaultValue={form.value("effective_to", values.effective_to)} />
        </FormField>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="hidden" name="active" value="false" />
        <input type="checkbox" name="active" value="true" defaultChecked={values.active} className="size-4" />
        Active
      </label>
    </>
  );
}

export function PlanDialogButton({
  slug,
  values,
  mode,
}: {
  slug: string;
  values: PlanValues;
  mode: "create" | "edit";
}) {
  return (
    <ActionDialogButton
      trigger={
        mode === "create"
          ? {
              children: (
                <>
                  <Plus aria-hidden="true" />
                  New plan
                </>
              ),
            }
          : editTrigger(`Edit plan ${values.name}`)
      }
      className="max-w-lg"
      title={mode === "create" ? "New commission plan" : `Edit ${values.name}`}
      action={mode === "create" ? createPlanAction : updatePlanAction}
      fields={{ organization: slug, ...(values.id ? { id: values.id } : {}) }}
      submitLabel={mode === "create" ? "Create plan" : "Save plan"}
      pendingLabel="Saving…"
    >
      {(form) => <PlanFields form={form} values={values} />}
    </ActionDialogButton>
  );
}

export function DeletePlanButton({ slug, id, name }: { slug: string; id: string; name: string }) {
  return (
    <DeleteDialogButton
      label={`Delete plan ${name}`}
      title={`Delete the plan ${name}?`}
      description="Its rules go with it. Commissions already computed keep their amounts."
      action={deletePlanAction}
      fields={{ organization: slug, id }}
      submitLabel="Delete plan"
    />
  );
}
