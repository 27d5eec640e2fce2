import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import postgres from "postgres";
import { sql as defaultSql, withServiceRoleBypassingRls, type Sql } from "@/lib/db/client";
import { evaluateTemplate, type ExpressionContext } from "@/lib/workflows/expressions/evaluate";
import { loadDefinition, type EngineDefinition, type EngineNode } from "./definition";
import { errorMessage, forStorage } from "./payload";
import { backoffDelay, isRetryable, stepPolicy, StepError } from "./policy";
import { engineNodeType } from "./registry";
import type { EngineExecutionContext } from "./types";

/**
 * Runs one execution in this worker, step by step, checkpointing every step in execution_steps.
 * A run is replayed from its checkpoints whenever a worker picks it up (after a crash, a delay or
 * an admission deferral): finished steps are not run again, their stored outputs are reused, and a
 * step found "running" (its worker died mid-step) runs again with its attempt counted and the
 * loss recorded in `retries`.
 *
 * Fencing: starting a run takes a fresh lease token; every checkpoint is conditional on it (and on
 * no cancellation being requested), so a worker that lost the run stops at its next checkpoint.
 */

export type EngineOptions = {
  db?: Sql;
  workerId: string;
  /** Running executions per organization (organizations.settings.max_concurrent_executions wins). */
  orgConcurrency?: number;
  /** Deferral when an organization is at its limit, plus jitter. */
  admissionRetryMs?: number;
  /** Whole-run limit, from its first start (organizations.settings.max_run_seconds wins). */
  runTimeoutMs?: number;
  /** Retry waits up to this long happen in the worker; longer ones re-queue the run. */
  inProcessBackoffMaxMs?: number;
};

export type RunOutcome =
  | { kind: "finished"; status: "completed" | "failed" | "cancelled" }
  | { kind: "requeue"; at: Date; reason: "wait" | "admission" | "retry" }
  | { kind: "skipped"; reason: string };

type StepRow = {
  step_key: string;
  status: "running" | "waiting" | "completed" | "failed" | "skipped";
  handle: string | null;
  output: unknown;
  error: string | null;
  attempt: number;
  retries: unknown[];
  wake_at: Date | null;
};

type Next = { kind: "next"; output: unknown; follow: string[] | null };
type Stop =
  | { kind: "end"; output: unknown }
  | { kind: "fail"; error: string; nodeId: string }
  | { kind: "requeue"; at: Date; reason: "wait" | "retry" }
  | { kind: "lost" };

class LeaseLost extends Error {}

const TERMINAL = new Set(["completed", "failed", "cancelled"]);

export async function runExecution(executionId: string, options: EngineOptions): Promise<RunOutcome> {
  const db = options.db ?? defaultSql();
  const lease = randomUUID();
  const admitted = await admit(db, executionId, lease, options);
  if (admitted.kind !== "admitted") return admitted.outcome;
  const run = new Run(db, admitted, lease, options);
  return run.execute();
}

type Admitted = {
  kind: "admitted";
  executionId: string;
  organization: { id: string; name: string; slug: string; settings: Record<string, unknown> };
  workflowId: string;
  versionId: string | null;
  triggerType: string;
  triggerInput: Record<string, unknown>;
  deadline: Date;
  startedAt: Date;
};

async function admit(
  db: Sql,
  executionId: string,
  lease: string,
  options: EngineOptions,
): Promise<Admitted | { kind: "no"; outcome: RunOutcome }> {
  return withServiceRoleBypassingRls(async (tx) => {
    const [e] = await tx`
      select e.id, e.organization_id, e.workflow_id, e.workflow_version_id, e.status, e.trigger_type,
             e.trigger_input, e.cancel_requested_at, e.deadline_at, e.started_at,
             o.name as org_name, o.slug as org_slug, o.settings as org_settings, o.status as org_status
      from public.executions e join public.organizations o on o.id = e.organization_id
      where e.id = ${executionId}
      for update of e`;
    if (!e) return { kind: "no", outcome: { kind: "skipped", reason: "not found" } };
    if (TERMINAL.has(e.status))
      return { kind: "no", outcome: { kind: "skipped", reason: `already ${e.status}` } };
    const finish = async (status: "failed" | "cancelled", error: string) => {
      await tx`
        update public.executions
        set status = ${status}, error = ${error}, completed_at = now(), lease_token = null,
            duration_ms = (extract(epoch from now() - coalesce(started_at, created_at)) * 1000)::int
        where id = ${executionId}`;
      return { kind: "no" as const, outcome: { kind: "finished" as const, status } };
    };
    if (e.cancel_requested_at) return finish("cancelled", "Cancelled.");
    if (e.org_status !== "active") return finish("failed", `The organization is ${e.org_status}.`);
    if (e.deadline_at && e.deadline_at < new Date())
      return finish("failed", "The run took longer than it may.");

    // Admission: at most N running runs per organization. The advisory lock serialises admissions
    // of one organization, so two workers cannot both take the last slot.
    const settings = (e.org_settings ?? {}) as Record<string, unknown>;
    const limit = positiveInt(settings.max_concurrent_executions) ?? options.orgConcurrency ?? 10;
    await tx`select pg_advisory_xact_lock(hashtextextended(${`engine-admission:${e.organization_id}`}, 0))`;
    const [{ running }] = (await tx`
      select count(*)::int as running from public.executions
      where organization_id = ${e.organization_id} and status = 'running' and id <> ${executionId}`) as unknown as [
      { running: number },
    ];
    if (running >= limit) {
      const retry = options.admissionRetryMs ?? 500;
      return {
        kind: "no",
        outcome: {
          kind: "requeue",
          reason: "admission",
          at: new Date(Date.now() + retry + Math.random() * retry),
        },
      };
    }
    const runTimeout =
      (positiveInt(settings.max_run_seconds) ?? 0) * 1000 || options.runTimeoutMs || 3_600_000;
    const [row] = await tx`
      update public.executions
      set status = 'running', lease_token = ${lease}, leased_by = ${options.workerId}, attempt = attempt + 1,
          started_at = coalesce(started_at, now()),
          deadline_at = coalesce(deadline_at, now() + make_interval(secs => ${runTimeout / 1000}))
      where id = ${executionId}
      returning started_at, deadline_at`;
    return {
      kind: "admitted",
      executionId,
      organization: { id: e.organization_id, name: e.org_name, slug: e.org_slug, settings },
      workflowId: e.workflow_id,
      versionId: e.workflow_version_id,
      triggerType: e.trigger_type,
      triggerInput: (e.trigger_input ?? {}) as Record<string, unknown>,
      deadline: row!.deadline_at as Date,
      startedAt: row!.started_at as Date,
    };
  }, db);
}

function positiveInt(v: unknown): number | undefined {
  const n = typeof v === "string" ? Number(v) : v;
  return typeof n === "number" && Number.isInteger(n) && n > 0 ? n : undefined;
}

class Run {
  private steps = new Map<string, StepRow>();
  private definition!: EngineDefinition;
  private outgoing = new Map<string, { handle: string; target: string }[]>();
  private context: ExpressionContext & { steps: Record<string, { output: unknown }> };
  private sequence = 0;
  /** Checkpoints of pure steps not written yet: flushed (in one statement) before the next
   *  side-effect step, a wait, a failure or the end. Losing them in a crash only means the pure
   *  steps run again, with the same result. */
  private pending: Record<string, unknown>[] = [];

  constructor(
    private readonly db: Sql,
    private readonly a: Admitted,
    private readonly lease: string,
    private readonly options: EngineOptions,
  ) {
    this.context = {
      trigger: a.triggerInput,
      steps: {},
      org: { id: a.organization.id, name: a.organization.name, slug: a.organization.slug },
    };
  }

  async execute(): Promise<RunOutcome> {
    let stop: Stop | null;
    try {
      const [definition, rows] = await Promise.all([
        loadDefinition(this.db, this.a.workflowId, this.a.versionId),
        this.db<StepRow[]>`
          select step_key, status, handle, output, error, attempt, retries, wake_at
          from public.execution_steps where execution_id = ${this.a.executionId}`,
      ]);
      if (!definition)
        return this.finish({ kind: "fail", error: "The workflow version to run was not found.", nodeId: "" });
      this.definition = definition;
      for (const r of rows) this.steps.set(r.step_key, r);
      this.sequence = rows.length;
      for (const edge of definition.edges) {
        const list = this.outgoing.get(edge.source) ?? [];
        list.push({ handle: edge.sourceHandle, target: edge.target });
        this.outgoing.set(edge.source, list);
      }
      stop = await this.walk(this.startNodes(), "", undefined);
    } catch (e) {
      if (e instanceof LeaseLost) stop = { kind: "lost" };
      else throw e;
    }
    return this.finish(stop);
  }

  private startNodes(): string[] {
    const triggers = this.definition.nodes.filter((n) => engineNodeType(n.type)?.trigger);
    const matching = triggers.filter((n) => n.type === this.a.triggerType);
    if (matching.length) return matching.map((n) => n.id);
    if (triggers.length) return triggers.slice(0, 1).map((n) => n.id);
    const targets = new Set(this.definition.edges.map((e) => e.target));
    return this.definition.nodes.filter((n) => !targets.has(n.id)).map((n) => n.id);
  }

  private async finish(stopped: Stop | null): Promise<RunOutcome> {
    let stop = stopped;
    if (stop?.kind !== "lost") {
      try {
        await this.flush();
      } catch (e) {
        if (!(e instanceof LeaseLost)) throw e;
        stop = { kind: "lost" };
      }
    }
    if (stop?.kind === "requeue") {
      await withServiceRoleBypassingRls(
        (tx) => tx`update public.executions set status = 'waiting', lease_token = null
                   where id = ${this.a.executionId} and lease_token = ${this.lease}`,
        this.db,
      );
      return { kind: "requeue", at: stop.at, reason: stop.reason };
    }
    if (stop?.kind === "lost") return this.settleLost();
    const error = stop?.kind === "fail" ? stop.error : null;
    const failed = error !== null;
    const output = stop?.kind === "end" ? stop.output : failed ? null : this.lastOutput();
    const status = failed ? "failed" : "completed";
    const updated = await withServiceRoleBypassingRls(
      (tx) => tx`
        update public.executions
        set status = ${status}, output = ${tx.json(forStorage(output) as postgres.JSONValue)},
            error = ${error}, completed_at = now(), lease_token = null,
            duration_ms = (extract(epoch from now() - started_at) * 1000)::int
        where id = ${this.a.executionId} and lease_token = ${this.lease} and cancel_requested_at is null
        returning id`,
      this.db,
    );
    if (!updated.length) return this.settleLost();
    return { kind: "finished", status };
  }

  /** The lease check failed: a cancellation (finish it) or another worker took over (leave it). */
  private async settleLost(): Promise<RunOutcome> {
    const rows = await withServiceRoleBypassingRls(
      (tx) => tx`
        update public.executions
        set status = 'cancelled', error = 'Cancelled.', completed_at = now(), lease_token = null,
            duration_ms = (extract(epoch from now() - started_at) * 1000)::int
        where id = ${this.a.executionId} and lease_token = ${this.lease} and cancel_requested_at is not null
        returning id`,
      this.db,
    );
    return rows.length
      ? { kind: "finished", status: "cancelled" }
      : { kind: "skipped", reason: "lease lost" };
  }

  private lastOutput(): unknown {
    let last: unknown = null;
    for (const v of Object.values(this.context.steps)) last = v.output;
    return last;
  }

  private async walk(
    starts: string[],
    scope: string,
    loop: { item: unknown; index: number } | undefined,
    skip?: string,
  ): Promise<Stop | null> {
    const queue = [...starts];
    const seen = new Set<string>(skip ? [skip] : []);
    while (queue.length) {
      const nodeId = queue.shift()!;
      if (seen.has(nodeId)) continue;
      seen.add(nodeId);
      const node = this.definition.nodes.find((n) => n.id === nodeId);
      if (!node) continue;
      const result = await this.step(node, `${nodeId}${scope}`, loop);
      if (result.kind !== "next") return result;
      this.context.steps[node.id] = { output: result.output };
      const edges = this.outgoing.get(node.id) ?? [];
      const type = engineNodeType(node.type);
      if (node.type === "end") {
        const end = result.output as { outcome?: string; message?: string };
        if (end?.outcome === "failed") {
          return { kind: "fail", error: end.message || "The workflow ended as failed.", nodeId: node.id };
        }
        return { kind: "end", output: result.output };
      }
      const bodyHandle = type?.loopBodyHandle;
      if (bodyHandle && result.follow?.includes(bodyHandle)) {
        const items = itemsOf(result.output);
        const bodyTargets = edges.filter((e) => e.handle === bodyHandle).map((e) => e.target);
        for (let i = 0; i < items.length; i++) {
          const inner = await this.walk(
            bodyTargets,
            `${scope}[${node.id}:${i}]`,
            { item: items[i], index: i },
            node.id,
          );
          if (inner) return inner;
        }
      }
      for (const edge of edges) {
        if (edge.handle === bodyHandle) continue;
        const take = result.follow ? result.follow.includes(edge.handle) : edge.handle !== "error";
        if (take) queue.push(edge.target);
      }
    }
    return null;
  }

  private async step(
    node: EngineNode,
    key: string,
    loop: { item: unknown; index: number } | undefined,
  ): Promise<Next | Stop> {
    const existing = this.steps.get(key);
    const type = engineNodeType(node.type);
    const rawConfig = (node.data?.config ?? {}) as Record<string, unknown>;
    const policy = stepPolicy(rawConfig);
    let attempt = 1;
    let retries: unknown[] = [];
    if (existing) {
      if (existing.status === "completed" || existing.status === "skipped" || existing.status === "failed") {
        if (existing.status === "failed" && !existing.handle) {
          return { kind: "fail", error: existing.error ?? "The step failed.", nodeId: node.id };
        }
        return { kind: "next", output: existing.output, follow: parseFollow(existing.handle) };
      }
      retries = Array.isArray(existing.retries) ? [...existing.retries] : [];
      if (existing.status === "waiting") {
        if (existing.wake_at && existing.wake_at.getTime() > Date.now() + 50) {
          return { kind: "requeue", at: existing.wake_at, reason: "wait" };
        }
        if (node.type === "delay") {
          const output = existing.output;
          await this.checkpoint(node, key, {
            status: "completed",
            output,
            handle: null,
            attempt: existing.attempt,
            retries,
          });
          return { kind: "next", output, follow: null };
        }
        attempt = existing.attempt + 1; // a retry that waited in the queue
      } else {
        // "running": the worker that ran it is gone. Run it again and say so.
        retries.push({
          attempt: existing.attempt,
          error: "The worker running this step stopped; the step ran again.",
          at: new Date().toISOString(),
        });
        attempt = existing.attempt + 1;
      }
    }
    if (!type) {
      const error = `This workflow uses a step type this server cannot run (${node.type}).`;
      await this.checkpoint(node, key, { status: "failed", error, handle: null, attempt, retries });
      return { kind: "fail", error, nodeId: node.id };
    }

    const scopeContext: ExpressionContext = loop ? { ...this.context, loop } : this.context;
    const logs: string[] = [];
    for (;;) {
      this.assertTime();
      const startedAt = new Date();
      let config: Record<string, unknown> = {};
      let input: unknown = null;
      try {
        config = type.trigger
          ? rawConfig
          : (renderConfig(type.parse(rawConfig), scopeContext, type.strictFields) as Record<string, unknown>);
        input = type.trigger ? this.a.triggerInput : config;
        if (type.sideEffects)
          await this.checkpoint(node, key, { status: "running", input, attempt, retries, startedAt });
        const controller = new AbortController();
        const budget = Math.max(1, Math.min(policy.timeoutMs, this.a.deadline.getTime() - Date.now()));
        const context: EngineExecutionContext = {
          organizationId: this.a.organization.id,
          workflowId: this.a.workflowId,
          executionId: this.a.executionId,
          nodeId: node.id,
          signal: controller.signal,
          stepKey: key,
          attempt,
          organization: this.a.organization,
          log: (m) => logs.push(`${new Date().toISOString()} ${m}`),
          db: this.db,
        };
        const result = await withTimeout(
          type.executor(type.trigger ? { ...config, __trigger: this.a.triggerInput } : config, context),
          budget,
          controller,
        );
        if (result.kind === "wait") {
          await this.checkpoint(node, key, {
            status: "waiting",
            input,
            output: { resume_at: result.until.toISOString() },
            attempt,
            retries,
            logs,
            startedAt,
            wakeAt: result.until,
          });
          return { kind: "requeue", at: result.until, reason: "wait" };
        }
        const follow = result.follow ? [...result.follow] : null;
        await this.checkpoint(node, key, {
          status: "completed",
          input,
          output: result.output,
          handle: follow ? follow.join(",") : null,
          attempt,
          retries,
          logs,
          startedAt,
        });
        return { kind: "next", output: result.output, follow };
      } catch (e) {
        if (e instanceof LeaseLost) throw e;
        const message = errorMessage(e);
        if (isRetryable(e, policy) && attempt < policy.maxAttempts) {
          const delay = backoffDelay(policy, attempt);
          retries.push({ attempt, error: message, at: new Date().toISOString(), retry_in_ms: delay });
          if (delay > (this.options.inProcessBackoffMaxMs ?? 5000)) {
            const at = new Date(Date.now() + delay);
            await this.checkpoint(node, key, {
              status: "waiting",
              input,
              error: message,
              attempt,
              retries,
              logs,
              startedAt,
              wakeAt: at,
            });
            return { kind: "requeue", at, reason: "retry" };
          }
          await sleep(delay);
          attempt++;
          continue;
        }
        const hasErrorEdge = (this.outgoing.get(node.id) ?? []).some((edge) => edge.handle === "error");
        const output = {
          error: message,
          ...(e instanceof StepError && e.details !== undefined ? { details: e.details } : {}),
        };
        if (hasErrorEdge || policy.continueOnFail) {
          const follow = hasErrorEdge ? ["error"] : null;
          await this.checkpoint(node, key, {
            status: "failed",
            input,
            output,
            error: message,
            handle: follow ? "error" : "continue",
            attempt,
            retries,
            logs,
            startedAt,
          });
          return { kind: "next", output, follow: follow ?? nonErrorHandles(this.outgoing.get(node.id)) };
        }
        await this.checkpoint(node, key, {
          status: "failed",
          input,
          output,
          error: message,
          handle: null,
          attempt,
          retries,
          logs,
          startedAt,
        });
        return { kind: "fail", error: `${node.data?.label || node.id}: ${message}`, nodeId: node.id };
      }
    }
  }

  private assertTime() {
    if (Date.now() > this.a.deadline.getTime()) throw new StepError("The run took longer than it may.");
  }

  private async checkpoint(
    node: EngineNode,
    key: string,
    s: {
      status: StepRow["status"];
      input?: unknown;
      output?: unknown;
      error?: string | null;
      handle?: string | null;
      attempt: number;
      retries: unknown[];
      logs?: string[];
      startedAt?: Date;
      wakeAt?: Date;
    },
  ): Promise<void> {
    const done = s.status !== "running" && s.status !== "waiting";
    const existing = this.steps.get(key);
    const sequence = existing ? undefined : ++this.sequence;
    const row = {
      organization_id: this.a.organization.id,
      execution_id: this.a.executionId,
      step_key: key,
      node_id: node.id,
      node_type: node.type,
      status: s.status,
      handle: s.handle ?? null,
      input: forStorage(s.input ?? null),
      output: forStorage(s.output ?? null),
      error: s.error ?? null,
      attempt: s.attempt,
      retries: s.retries,
      logs: s.logs ?? [],
      sequence: sequence ?? 0,
      wake_at: s.wakeAt ?? null,
      started_at: s.startedAt ?? new Date(),
      completed_at: done ? new Date() : null,
    };
    const record = { ...row, duration_ms: done ? Date.now() - row.started_at.getTime() : null };
    this.remember(key, s, row);
    if (s.status === "completed" && !engineNodeType(node.type)?.sideEffects) {
      this.pending.push(record);
      return;
    }
    this.pending.push(record);
    await this.flush();
  }

  private remember(
    key: string,
    s: { status: StepRow["status"]; output?: unknown; attempt: number; retries: unknown[] },
    row: { handle: string | null; error: string | null; wake_at: Date | null },
  ) {
    this.steps.set(key, {
      step_key: key,
      status: s.status,
      handle: row.handle,
      output: s.output ?? null,
      error: row.error,
      attempt: s.attempt,
      retries: s.retries,
      wake_at: row.wake_at,
    });
  }

  /** Writes the buffered checkpoints, on condition that this worker still holds the run. */
  private async flush(): Promise<void> {
    if (!this.pending.length) return;
    const pending = this.pending;
    this.pending = [];
    const written = await withServiceRoleBypassingRls((tx) => {
      const rows = pending.map((r) => ({
        ...r,
        input: tx.json(r.input as postgres.JSONValue),
        output: tx.json(r.output as postgres.JSONValue),
        retries: tx.json(r.retries as postgres.JSONValue),
        logs: tx.json(r.logs as postgres.JSONValue),
      }));
      return tx`
        insert into public.execution_steps ${tx(
          rows as never,
          [
            "organization_id",
            "execution_id",
            "step_key",
            "node_id",
            "node_type",
            "status",
            "handle",
            "input",
            "output",
            "error",
            "attempt",
            "retries",
            "logs",
            "sequence",
            "wake_at",
            "started_at",
            "completed_at",
            "duration_ms",
          ] as never,
        )}
        on conflict (execution_id, step_key) do update
        set status = excluded.status, handle = excluded.handle, input = excluded.input, output = excluded.output,
            error = excluded.error, attempt = excluded.attempt, retries = excluded.retries, logs = excluded.logs,
            wake_at = excluded.wake_at, started_at = excluded.started_at, completed_at = excluded.completed_at,
            duration_ms = excluded.duration_ms
        returning (select lease_token = ${this.lease} and cancel_requested_at is null
                   from public.executions where id = ${this.a.executionId}) as held`;
    }, this.db);
    if (!written.length || !written.every((w) => w.held)) throw new LeaseLost();
  }
}

function parseFollow(handle: string | null): string[] | null {
  if (!handle || handle === "continue") return null;
  return handle.split(",");
}

function nonErrorHandles(edges: { handle: string }[] | undefined): string[] {
  return [...new Set((edges ?? []).map((e) => e.handle).filter((h) => h !== "error"))];
}

function itemsOf(output: unknown): unknown[] {
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

async function withTimeout<T>(promise: Promise<T>, ms: number, controller: AbortController): Promise<T> {
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
