"use client";

import * as React from "react";
import { Plus, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import { cn } from "@/lib/utils/cn";
import { TimeZoneOptions } from "@/components/ui/time-zone-options";
import { timeZoneGroups } from "@/lib/utils/time-zones";
import type { ScopeVariable } from "@/lib/workflows/expressions/scope";
import type { LooseConfig } from "@/lib/workflows/nodes/types";
import type { FieldSpec } from "@/lib/workflows/nodes/ui-types";
import type { FieldIssue, FieldIssues } from "@/lib/workflows/validate";
import { AgentSelect } from "./agent-select";
import { ExpressionInput } from "./expression-input";

type FormProps = {
  /** Prefixes the controls' ids, so several forms never clash. */
  idPrefix: string;
  fields: readonly FieldSpec[];
  config: LooseConfig;
  issues: FieldIssues;
  variables: readonly ScopeVariable[];
  disabled: boolean;
  onChange: (config: LooseConfig) => void;
};

/** `value` with `path` (dotted, numeric parts index arrays) set to `next`, copying along the way. */
export function setIn(value: unknown, path: readonly string[], next: unknown): unknown {
  if (path.length === 0) return next;
  const [head, ...rest] = path as [string, ...string[]];
  if (Array.isArray(value)) {
    const copy = [...value];
    copy[Number(head)] = setIn(copy[Number(head)], rest, next);
    return copy;
  }
  const object = typeof value === "object" && value !== null ? (value as LooseConfig) : {};
  return { ...object, [head]: setIn(object[head], rest, next) };
}

function getIn(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as LooseConfig)[key];
  }
  return current;
}

/**
 * A step's config form, generated from its field specs and validated as you type: every change
 * goes straight into the step (and so into the draft), and the zod schema's and the expression
 * checker's messages appear on the field they are about.
 */
export function ConfigForm({ idPrefix, fields, config, issues, variables, disabled, onChange }: FormProps) {
  const update = (path: readonly string[], next: unknown) =>
    onChange(setIn(config, path, next) as LooseConfig);
  const whole = issues[""] ?? [];
  return (
    <fieldset disabled={disabled} className="flex min-w-0 flex-col gap-4">
      {whole.length > 0 ? <IssueList issues={whole} /> : null}
      <Fields
        idPrefix={idPrefix}
        fields={fields}
        scope={config}
        base={[]}
        config={config}
        issues={issues}
        variables={variables}
        update={update}
        disabled={disabled}
      />
    </fieldset>
  );
}

type FieldsProps = {
  idPrefix: string;
  fields: readonly FieldSpec[];
  /** The object these fields belong to (the config, or one item of a list), for `visible`. */
  scope: LooseConfig;
  base: readonly string[];
  config: LooseConfig;
  issues: FieldIssues;
  variables: readonly ScopeVariable[];
  update: (path: readonly string[], next: unknown) => void;
  disabled: boolean;
};

function Fields(props: FieldsProps) {
  const { fields, scope } = props;
  // Two specs may share a name when shown for different choices (a GHL operation's `tags`).
  return fields
    .filter((spec) => !spec.visible || spec.visible(scope))
    .map((spec) => <Field key={`${spec.name}-${spec.label}`} spec={spec} {...props} />);
}

function IssueList({ issues, id }: { issues: readonly FieldIssue[]; id?: string }) {
  return (
    <ul id={id} className="flex flex-col gap-1">
      {issues.map((issue, i) => (
        <li
          key={i}
          className={cn(
            "text-[13px] font-medium",
            issue.severity === "error" ? "text-destructive" : "text-foreground",
          )}
        >
          {issue.severity === "warning" ? "Check: " : null}
          {issue.message}
        </li>
      ))}
    </ul>
  );
}

function Field({
  spec,
  base,
  config,
  issues,
  variables,
  update,
  disabled,
  idPrefix,
}: FieldsProps & { spec: FieldSpec }) {
  const path = [...base, spec.name];
  const key = path.join(".");
  const id = `${idPrefix}-${key.replace(/[^A-Za-z0-9_-]/g, "-")}`;
  const value = getIn(config, path);
  const own = issues[key] ?? [];
  const errors = own.filter((i) => i.severity === "error").map((i) => i.message);
  const warnings = own.filter((i) => i.severity === "warning");
  const hint =
    spec.hint || warnings.length || (spec.kind === "text" && spec.describe) ? (
      <>
        {spec.kind === "text" && spec.describe && typeof value === "string" && spec.describe(value) ? (
          <span className="block font-medium text-foreground">{spec.describe(value)}</span>
        ) : null}
        {spec.hint ? <span className="block">{spec.hint}</span> : null}
        {warnings.map((w, i) => (
          <span key={i} className="block font-medium text-foreground">
            Check: {w.message}
          </span>
        ))}
      </>
    ) : undefined;
  const common = { name: key, id, label: spec.label, hint, error: errors, optional: spec.optional };
  const collection = { id, path, value, issues, variables, update, disabled };

  switch (spec.kind) {
    case "text":
      return (
        <FormField {...common}>
          <ExpressionInput
            value={typeof value === "string" ? value : ""}
            onChange={(next) => update(path, next)}
            variables={spec.expressions === false ? [] : variables}
            disabled={disabled}
            multiline={spec.multiline}
            rows={spec.rows}
            mono={spec.mono}
            placeholder={spec.placeholder}
          />
        </FormField>
      );
    case "number":
      return (
        <FormField {...common}>
          <Input
            type="number"
            inputMode="decimal"
            min={spec.min}
            max={spec.max}
            step={spec.step ?? 1}
            value={typeof value === "number" || typeof value === "string" ? String(value) : ""}
            onChange={(event) => {
              const raw = event.target.value;
              update(path, raw !== "" && Number.isFinite(Number(raw)) ? Number(raw) : raw);
            }}
          />
        </FormField>
      );
    case "select":
      return (
        <FormField {...common}>
          <NativeSelect
            value={typeof value === "string" ? value : ""}
            onChange={(event) => update(path, event.target.value)}
          >
            {typeof value !== "string" || !spec.options.some((o) => o.value === value) ? (
              <option value="" disabled>
                Choose…
              </option>
            ) : null}
            {spec.options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </NativeSelect>
        </FormField>
      );
    case "agent":
      return (
        <FormField {...common}>
          <AgentSelect value={typeof value === "string" ? value : ""} onChange={(v) => update(path, v)} />
        </FormField>
      );
    case "timezone":
      return (
        <TimeZoneField
          common={common}
          value={typeof value === "string" ? value : ""}
          onChange={(v) => update(path, v)}
        />
      );
    case "boolean":
      return (
        <div className="flex flex-col gap-1.5">
          <label htmlFor={id} className="flex items-start gap-2.5 text-sm">
            <Checkbox
              id={id}
              name={key}
              className="mt-0.5"
              checked={value === true}
              onChange={(event) => update(path, event.target.checked)}
              aria-describedby={spec.hint ? `${id}-hint` : undefined}
            />
            <span>{spec.label}</span>
          </label>
          {spec.hint ? (
            <p id={`${id}-hint`} className="pl-6.5 text-[13px] text-muted-foreground">
              {spec.hint}
            </p>
          ) : null}
        </div>
      );
    case "keyValue":
      return <KeyValueField spec={spec} {...collection} />;
    case "list":
      return <ListField spec={spec} {...collection} config={config} idPrefix={idPrefix} />;
    case "strings":
      return <StringsField spec={spec} {...collection} />;
  }
}

function TimeZoneField({
  common,
  value,
  onChange,
}: {
  common: React.ComponentProps<typeof FormField> extends infer P ? Omit<P, "children"> : never;
  value: string;
  onChange: (value: string) => void;
}) {
  const groups = React.useMemo(() => timeZoneGroups(value || null), [value]);
  return (
    <FormField {...common}>
      <NativeSelect value={value} onChange={(event) => onChange(event.target.value)}>
        <TimeZoneOptions groups={groups} />
      </NativeSelect>
    </FormField>
  );
}

type CollectionProps<S> = {
  spec: S;
  id: string;
  path: string[];
  value: unknown;
  issues: FieldIssues;
  variables: readonly ScopeVariable[];
  update: (path: readonly string[], next: unknown) => void;
  disabled: boolean;
};

function items(value: unknown): LooseConfig[] {
  return Array.isArray(value)
    ? value.map((v) => (typeof v === "object" && v !== null ? (v as LooseConfig) : {}))
    : [];
}

/** A field made of rows (headers, rules, cases): its legend, its rows, an add button, its own issues. */
function Collection({
  id,
  label,
  optional,
  issues,
  addLabel,
  onAdd,
  children,
}: {
  id: string;
  label: string;
  optional?: boolean;
  issues?: readonly FieldIssue[];
  addLabel: string;
  onAdd?: () => void;
  children: React.ReactNode;
}) {
  return (
    <fieldset className="min-w-0" aria-describedby={issues?.length ? `${id}-issues` : undefined}>
      <legend className="mb-2 flex items-center gap-2 text-sm leading-none font-medium">
        {label}
        {optional ? <span className="font-normal text-muted-foreground">(optional)</span> : null}
      </legend>
      <div className="flex flex-col gap-3">
        {children}
        {onAdd ? (
          <Button variant="outline" size="sm" className="self-start" onClick={onAdd}>
            <Plus aria-hidden="true" />
            {addLabel}
          </Button>
        ) : null}
        {issues?.length ? <IssueList id={`${id}-issues`} issues={issues} /> : null}
      </div>
    </fieldset>
  );
}

function KeyValueField(props: CollectionProps<Extract<FieldSpec, { kind: "keyValue" }>>) {
  const { spec, path, issues, update } = props;
  const rows = items(props.value);
  const key = path.join(".");
  return (
    <Collection
      id={props.id}
      label={spec.label}
      optional={spec.optional}
      issues={issues[key]}
      addLabel={spec.addLabel}
      onAdd={() => update(path, [...rows, { key: "", value: "" }])}
    >
      {rows.map((row, i) => {
        const rowKey = `${key}.${i}`;
        const rowIssues = [...(issues[`${rowKey}.key`] ?? []), ...(issues[`${rowKey}.value`] ?? [])];
        return (
          <div key={i} className="flex flex-col gap-1">
            <div className="flex items-start gap-2">
              <Input
                aria-label={`${spec.keyLabel} ${i + 1}`}
                placeholder={spec.keyLabel}
                value={typeof row.key === "string" ? row.key : ""}
                onChange={(event) => update([...path, String(i), "key"], event.target.value)}
                aria-invalid={issues[`${rowKey}.key`] ? true : undefined}
                className="w-2/5"
              />
              <div className="min-w-0 flex-1">
                <ExpressionInput
                  aria-label={`${spec.valueLabel} ${i + 1}`}
                  placeholder={spec.valueLabel}
                  value={typeof row.value === "string" ? row.value : ""}
                  onChange={(next) => update([...path, String(i), "value"], next)}
                  variables={props.variables}
                  disabled={props.disabled}
                />
              </div>
              <RemoveButton
                label={`Remove ${spec.keyLabel.toLowerCase()} ${i + 1}`}
                onRemove={() => update(path, without(rows, i))}
              />
            </div>
            {rowIssues.length ? <IssueList issues={rowIssues} /> : null}
          </div>
        );
      })}
    </Collection>
  );
}

function ListField(
  props: CollectionProps<Extract<FieldSpec, { kind: "list" }>> & { config: LooseConfig; idPrefix: string },
) {
  const { spec, path, update } = props;
  const list = items(props.value);
  const canRemove = list.length > (spec.min ?? 0);
  const canAdd = spec.max === undefined || list.length < spec.max;
  return (
    <Collection
      id={props.id}
      label={spec.label}
      optional={spec.optional}
      issues={props.issues[path.join(".")]}
      addLabel={spec.addLabel}
      onAdd={canAdd ? () => update(path, [...list, spec.newItem(list)]) : undefined}
    >
      {list.map((item, i) => {
        const itemLabel = spec.itemLabel(i, item);
        return (
          <fieldset key={i} className="flex min-w-0 flex-col gap-3 rounded-lg border bg-muted/30 p-3">
            <div className="flex items-center justify-between gap-2">
              <legend className="contents text-[13px] font-medium">
                <span className="truncate">{itemLabel}</span>
              </legend>
              <RemoveButton
                label={`Remove ${itemLabel}`}
                disabled={!canRemove}
                onRemove={() => update(path, without(list, i))}
              />
            </div>
            <Fields
              idPrefix={props.idPrefix}
              fields={spec.fields}
              scope={item}
              base={[...path, String(i)]}
              config={props.config}
              issues={props.issues}
              variables={props.variables}
              update={update}
              disabled={props.disabled}
            />
          </fieldset>
        );
      })}
    </Collection>
  );
}

function StringsField(props: CollectionProps<Extract<FieldSpec, { kind: "strings" }>>) {
  const { spec, path, issues, update } = props;
  const values = Array.isArray(props.value) ? props.value.map((v) => (typeof v === "string" ? v : "")) : [];
  const key = path.join(".");
  const canAdd = spec.max === undefined || values.length < spec.max;
  return (
    <Collection
      id={props.id}
      label={spec.label}
      optional={spec.optional}
      issues={issues[key]}
      addLabel={spec.addLabel}
      onAdd={canAdd ? () => update(path, [...values, ""]) : undefined}
    >
      {values.map((entry, i) => (
        <div key={i} className="flex flex-col gap-1">
          <div className="flex items-center gap-2">
            <Input
              id={i === 0 ? props.id : undefined}
              aria-label={`${spec.itemLabel} ${i + 1}`}
              placeholder={spec.placeholder ?? spec.itemLabel}
              value={entry}
              onChange={(event) => update([...path, String(i)], event.target.value)}
              aria-invalid={issues[`${key}.${i}`] ? true : undefined}
            />
            <RemoveButton
              label={`Remove ${spec.itemLabel.toLowerCase()} ${i + 1}`}
              onRemove={() => update(path, without(values, i))}
            />
          </div>
          {issues[`${key}.${i}`]?.length ? <IssueList issues={issues[`${key}.${i}`]!} /> : null}
        </div>
      ))}
    </Collection>
  );
}

const without = <T,>(list: readonly T[], index: number): T[] => list.filter((_, j) => j !== index);

/** The "×" that removes one row of a list field. */
function RemoveButton({
  label,
  disabled,
  onRemove,
}: {
  label: string;
  disabled?: boolean;
  onRemove: () => void;
}) {
  return (
    <Button variant="ghost" size="icon-sm" aria-label={label} disabled={disabled} onClick={onRemove}>
      <X aria-hidden="true" />
    </Button>
  );
}
