"use client";

import * as React from "react";
import type { ActionForm } from "@/components/forms/action-dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import { MemberOptions, type MemberOption } from "../member-options";
import type { RuleValues } from "../rule-values";
import { RulePreview } from "./rule-preview";
import { SplitsFieldset, TierRows } from "./rule-rows";

/** The fields of the rule dialog: who it applies to, what it pays, splits, dates, and a live preview. */

type Set = <K extends keyof RuleValues>(k: K, value: RuleValues[K]) => void;
type Part = { v: RuleValues; set: Set; err: (name: string) => string | undefined };

export function RuleFields({
  form,
  initial,
  members,
}: {
  form: ActionForm;
  initial: RuleValues;
  members: MemberOption[];
}) {
  const [v, setV] = React.useState(initial);
  const set: Set = (k, value) => setV((x) => ({ ...x, [k]: value }));
  const err = (name: string) => form.fieldError(name);
  return (
    <div className="flex flex-col gap-4">
      <HiddenRuleFields v={v} />
      <FormField name="name" label="Rule name" error={err("name")} required>
        <Input
          value={v.name}
          onChange={(e) => set("name", e.target.value)}
          placeholder="E.g. 10% of every deal"
        />
      </FormField>
      <AppliesToFields v={v} set={set} err={err} members={members} />
      <PaysFields v={v} set={set} err={err} />
      <FormField name="cap" label="Cap per rep per month" optional error={err("cap")}>
        <Input inputMode="decimal" value={v.cap} onChange={(e) => set("cap", e.target.value)} />
      </FormField>
      <SplitsFieldset
        splits={v.splits}
        members={members}
        error={err("splits")}
        onChange={(splits) => set("splits", splits)}
      />
      <DateFields v={v} set={set} err={err} />
      <RulePreview values={v} members={members} />
    </div>
  );
}

/** What the form sends beside the visible fields: the plan, and the tiers and splits as JSON. */
function HiddenRuleFields({ v }: { v: RuleValues }) {
  const splits = v.splits.map((s) => ({ teamMemberId: s.teamMemberId || null, percent: s.percent }));
  return (
    <>
      <input type="hidden" name="plan_id" value={v.plan_id} />
      <input type="hidden" name="tiers" value={v.kind === "tiered" ? JSON.stringify(v.tiers) : ""} />
      <input type="hidden" name="splits" value={v.splits.length ? JSON.stringify(splits) : ""} />
    </>
  );
}

function AppliesToFields({ v, set, err, members }: Part & { members: MemberOption[] }) {
  return (
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
  );
}

/** The kind of rule, its currency, and the rate, the flat amount or the tiers. */
function PaysFields({ v, set, err }: Part) {
  return (
    <>
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
        <TiersFieldset v={v} set={set} err={err} />
      )}
    </>
  );
}

function TiersFieldset({ v, set, err }: Part) {
  return (
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
      <TierRows tiers={v.tiers} error={err("tiers")} onChange={(tiers) => set("tiers", tiers)} />
    </fieldset>
  );
}

function DateFields({ v, set, err }: Part) {
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      <FormField name="effective_from" label="From" optional error={err("effective_from")}>
        <Input type="date" value={v.effective_from} onChange={(e) => set("effective_from", e.target.value)} />
      </FormField>
      <FormField name="effective_to" label="Until" optional error={err("effective_to")}>
        <Input type="date" value={v.effective_to} onChange={(e) => set("effective_to", e.target.value)} />
      </FormField>
      <FormField name="position" label="Order" optional error={err("position")}>
        <Input inputMode="numeric" value={v.position} onChange={(e) => set("position", e.target.value)} />
      </FormField>
    </div>
  );
}
