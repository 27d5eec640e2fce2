import { evaluateTemplate, type ExpressionContext } from "@/lib/workflows/expressions/evaluate";
import { StepError } from "./policy";

/** Small pure helpers of the engine's step runner (run.ts) and branch walker (branches.ts). */

export function parseFollow(handle: string | null): string[] | null {
  if (!handle || handle === "continue") return null;
  return handle.split(",");
}

export function nonErrorHandles(edges: { handle: string }[] | undefined): string[] {
  return [...new Set((edges ?? []).map((e) => e.handle).filter((h) => h !== "error"))];
}

export function itemsOf(output: unknown): unknown[] {
  const items = (output as { items?: unknown } | null)?.items;
  return Array.isArray(items) ? items : [];
}

/** Renders every string of a config through the expression evaluator. */
export function renderConfig(
  value: unknown,
  context: ExpressionContext,
  strict?: readonly string[],
  path = "",
): unknown {
  if (typeof value === "string") {
    if (!value.includes("{{")) return value;
    const top = path.split(".")[0] ?? "";
    return evaluateTemplate(value, context, { missing: strict?.includes(top) ? "error" : "empty" });
  }
  if (Array.isArray(value)) return value.map((v, i) => renderConfig(v, context, strict, `${path}.${i}`));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, renderConfig(v, context, strict, path ? `${path}.${k}` : k)]),
    );
  }
  return value;
}

export async function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  controller: AbortController,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new StepError(`The step timed out after ${ms} ms.`, { retryable: true }));
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** When a waiting step began to wait (its waiting checkpoint's output), if it says. */
export function waitingSince(output: unknown): number | undefined {
  const since = (output as { waiting_since?: unknown } | null)?.waiting_since;
  const ms = typeof since === "string" ? Date.parse(since) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
}
