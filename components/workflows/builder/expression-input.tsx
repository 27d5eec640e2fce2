"use client";

import * as React from "react";
import { Braces } from "lucide-react";
import { controlClasses } from "@/components/ui/input";
import { cn } from "@/lib/utils/cn";
import type { ScopeVariable } from "@/lib/workflows/expressions/scope";

type ExpressionInputProps = {
  id?: string;
  name?: string;
  placeholder?: string;
  disabled?: boolean;
  readOnly?: boolean;
  className?: string;
  "aria-label"?: string;
  "aria-describedby"?: string;
  "aria-invalid"?: boolean;
  "aria-required"?: boolean;
  value: string;
  onChange: (value: string) => void;
  /** What `{{ … }}` may refer to here; empty turns autocomplete off. */
  variables: readonly ScopeVariable[];
  multiline?: boolean;
  rows?: number;
  mono?: boolean;
};

const MAX_OPTIONS = 40;

/** The expression being typed at the caret: after an unclosed `{{`, with no space inside yet. */
export function openExpressionAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const open = before.lastIndexOf("{{");
  if (open === -1 || before.includes("}}", open)) return null;
  const query = before.slice(open + 2).trim();
  if (query.length > 200 || /\s/.test(query)) return null;
  return { start: open, query };
}

/** `text` with the expression being typed at `caret` replaced by `{{ path }}`, and the new caret. */
export function insertVariable(text: string, caret: number, start: number, path: string) {
  const after = text.slice(caret).replace(/^\s*}}/, "");
  const inserted = `{{ ${path} }}`;
  return { text: text.slice(0, start) + inserted + after, caret: start + inserted.length };
}

function rank(variables: readonly ScopeVariable[], query: string): ScopeVariable[] {
  const q = query.toLowerCase();
  const matches = variables.filter((v) => v.path.toLowerCase().includes(q));
  matches.sort(
    (a, b) => Number(!a.path.toLowerCase().startsWith(q)) - Number(!b.path.toLowerCase().startsWith(q)),
  );
  return matches.slice(0, MAX_OPTIONS);
}

/**
 * A text field that understands `{{ … }}`: typing `{{` (or pressing the { } button) lists the
 * variables available at this step, filtered as you type; arrows choose, Enter or Tab inserts,
 * Escape closes. The ARIA combobox pattern, so screen readers announce the choices.
 */
export function ExpressionInput({
  value,
  onChange,
  variables,
  multiline,
  rows = 3,
  mono,
  className,
  disabled,
  readOnly,
  id,
  ...props
}: ExpressionInputProps) {
  const inputRef = React.useRef<HTMLInputElement>(null);
  const areaRef = React.useRef<HTMLTextAreaElement>(null);
  const field = () => (multiline ? areaRef.current : inputRef.current);
  const listId = React.useId();
  const [open, setOpen] = React.useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = React.useState(0);
  const options = React.useMemo(() => (open ? rank(variables, open.query) : []), [open, variables]);
  const expanded = open !== null && options.length > 0;
  const editable = !disabled && !readOnly && variables.length > 0;

  function refresh(text: string, caret: number | null) {
    if (!editable || caret === null) return setOpen(null);
    const next = openExpressionAt(text, caret);
    setOpen((current) => {
      if (next?.query !== current?.query || next?.start !== current?.start) setActive(0);
      return next;
    });
  }

  function choose(variable: ScopeVariable) {
    const el = field();
    if (!el || !open) return;
    const result = insertVariable(value, el.selectionStart ?? value.length, open.start, variable.path);
    onChange(result.text);
    setOpen(null);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(result.caret, result.caret);
    });
  }

  function startExpression() {
    const el = field();
    if (!el) return;
    const caret = el.selectionStart ?? value.length;
    const text = `${value.slice(0, caret)}{{ ${value.slice(caret)}`;
    onChange(text);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(caret + 3, caret + 3);
      refresh(text, caret + 3);
    });
  }

  function onKeyDown(event: React.KeyboardEvent) {
    if (!expanded) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((i) => (i + step + options.length) % options.length);
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      choose(options[active] ?? options[0]!);
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      setOpen(null);
    }
  }

  const shared = {
    ...props,
    id,
    value,
    disabled,
    readOnly,
    role: editable ? "combobox" : undefined,
    "aria-autocomplete": editable ? ("list" as const) : undefined,
    "aria-expanded": editable ? expanded : undefined,
    "aria-controls": expanded ? listId : undefined,
    "aria-activedescendant": expanded ? `${listId}-${active}` : undefined,
    autoComplete: "off",
    spellCheck: multiline ? undefined : false,
    onChange: (event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      onChange(event.target.value);
      refresh(event.target.value, event.target.selectionStart);
    },
    onKeyDown,
    onKeyUp: (event: React.KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      if (
        event.key === "ArrowLeft" ||
        event.key === "ArrowRight" ||
        event.key === "Home" ||
        event.key === "End"
      ) {
        refresh(event.currentTarget.value, event.currentTarget.selectionStart);
      }
    },
    onClick: (event: React.MouseEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      refresh(event.currentTarget.value, event.currentTarget.selectionStart),
    onBlur: () => setOpen(null),
  };
  const classes = cn(
    controlClasses,
    editable && "pr-9",
    mono && "font-mono text-[13px] sm:text-[13px]",
    className,
  );

  return (
    <div className="relative">
      {multiline ? (
        <textarea {...shared} ref={areaRef} rows={rows} className={cn(classes, "min-h-16 py-2")} />
      ) : (
        <input {...shared} ref={inputRef} type="text" className={cn(classes, "h-9 py-1")} />
      )}
      {editable ? (
        <button
          type="button"
          className="absolute top-1.5 right-1.5 flex size-6 items-center justify-center rounded text-muted-foreground outline-none hover:bg-accent hover:text-accent-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
          onMouseDown={(event) => event.preventDefault()}
          onClick={startExpression}
          aria-label="Insert a variable"
          title="Insert a variable"
        >
          <Braces className="size-3.5" aria-hidden="true" />
        </button>
      ) : null}
      {expanded ? (
        <ul
          id={listId}
          role="listbox"
          aria-label="Variables"
          className="absolute inset-x-0 top-full z-50 mt-1 max-h-64 overflow-y-auto rounded-md border bg-popover p-1 text-popover-foreground shadow-lg"
        >
          {options.map((variable, index) => (
            <li
              key={variable.path}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              onMouseDown={(event) => event.preventDefault()}
              onMouseEnter={() => setActive(index)}
              onClick={() => choose(variable)}
              className={cn(
                "flex cursor-default flex-col rounded-sm px-2 py-1.5",
                index === active && "bg-accent text-accent-foreground",
              )}
            >
              <span className="flex items-center justify-between gap-2">
                <span className="truncate font-mono text-xs">{variable.path}</span>
                <span className="shrink-0 text-[11px] text-muted-foreground">{variable.type}</span>
              </span>
              <span className="truncate text-[11px] text-muted-foreground">
                {variable.group}
                {variable.description ? ` · ${variable.description}` : ""}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
