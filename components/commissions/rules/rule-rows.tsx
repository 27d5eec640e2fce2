"use client";

import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import { MemberOptions, type MemberOption } from "../member-options";
import type { RuleValues } from "../rule-values";

/** The rule editor's lists of rows: a tiered rule's tiers, and the shares a deal is split in. */

type Tier = RuleValues["tiers"][number];
type Share = RuleValues["splits"][number];

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

export function TierRows({
  tiers,
  error,
  onChange,
}: {
  tiers: Tier[];
  error?: string;
  onChange: (tiers: Tier[]) => void;
}) {
  return (
    <>
      {error ? <p className="text-sm text-destructive">{error}</p> : null}
      <ul className="flex flex-col gap-2">
        {tiers.map((t, i) => (
          <li key={i} className="flex items-end gap-2">
            <label className="grid flex-1 gap-1 text-xs">
              From % of quota
              <Input
                inputMode="decimal"
                value={t.fromPercent}
                onChange={(e) => onChange(replaceAt(tiers, i, { fromPercent: e.target.value }))}
              />
            </label>
            <label className="grid flex-1 gap-1 text-xs">
              Rate %
              <Input
                inputMode="decimal"
                value={t.ratePercent}
                onChange={(e) => onChange(replaceAt(tiers, i, { ratePercent: e.target.value }))}
              />
            </label>
            <RemoveRowButton
              label={`Remove tier ${i + 1}`}
              disabled={tiers.length === 1}
              onClick={() => onChange(removeAt(tiers, i))}
            />
          </li>
        ))}
      </ul>
      <Button
        variant="outline"
        size="sm"
        className="self-start"
        onClick={() => onChange([...tiers, { fromPercent: "", ratePercent: "" }])}
      >
        <Plus aria-hidden="true" />
        Add tier
      </Button>
    </>
  );
}

export function SplitsFieldset({
  splits,
  members,
  error,
  onChange,
}: {
  splits: Share[];
  members: MemberOption[];
  error?: string;
  onChange: (splits: Share[]) => void;
}) {
  const total = splits.reduce((a, s) => a + (Number(s.percent) || 0), 0);
  return (
    <fieldset className="flex flex-col gap-3 rounded-lg border p-3">
      <legend className="px-1 text-sm font-medium">Split the deal (optional)</legend>
      {error ? <p className="text-sm text-destructive">{error}</p> : null}
      {splits.length ? (
        <ul className="flex flex-col gap-2">
          {splits.map((s, i) => (
            <li key={i} className="flex items-end gap-2">
              <label className="grid flex-1 gap-1 text-xs">
                Who
                <NativeSelect
                  value={s.teamMemberId}
                  onChange={(e) => onChange(replaceAt(splits, i, { teamMemberId: e.target.value }))}
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
                  onChange={(e) => onChange(replaceAt(splits, i, { percent: e.target.value }))}
                />
              </label>
              <RemoveRowButton
                label={`Remove share ${i + 1}`}
                onClick={() => onChange(removeAt(splits, i))}
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
          onClick={() => onChange([...splits, { teamMemberId: "", percent: splits.length ? "" : "100" }])}
        >
          <Plus aria-hidden="true" />
          Add share
        </Button>
        {splits.length ? (
          <span className={total === 100 ? "text-xs text-muted-foreground" : "text-xs text-destructive"}>
            {total}% of 100%
          </span>
        ) : null}
      </div>
    </fieldset>
  );
}
