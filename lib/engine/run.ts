import { setTimeout as sleep } from "node:timers/promises";
import type { Sql } from "@/lib/db/client";
import type { ExpressionContext } from "@/lib/workflows/expressions/evaluate";
import { walkBranches, type BranchHost } from "./branches";
import { Checkpoints, type CheckpointState } from "./checkpoints";
import { preciseNow } from "./clock";
import type { EngineDefinition, EngineNode } from "./definition";
import { errorMessage, forStorage } from "./payload";
import { backoffDelay, isRetryable, stepPolicy, StepError, type StepPolicy } from "./policy";
import { engineNodeType } from "./registry";
import {
  LeaseLost,
  type Admitted,
  type EngineOptions,
  type LoopScope,
  type Next,
  type RunGraph,
  type RunOutcome,
  type Stop,
} from "./run-types";
import { nonErrorHandles, parseFollow, renderConfig, waitingSince, withTimeout } from "./step-helpers";
import { loadTestRun, skippedInTest, SKIPPED_IN_TEST, type TestOptions } from "./test-mode";
import type { EngineExecutionContext, EngineNodeType } from "./types";

/**
 * One execution in this worker. A run is replayed from its checkpoints whenever a worker picks it
 * up (after a crash, a delay or an admission deferral): finished steps are not run again, their
 * stored outputs are reused, and a step found "running" (its worker died mid-step) runs again
 * with its attempt counted and the loss recorded in `retries`. Independent branches run side by
 * side (branches.ts, at most `branchConcurrency` steps at once); checkpoints are checkpoints.ts's.
 */
export class Run implements BranchHost {
  readonly graph: RunGraph = { definition: { nodes: [], edges: [] }, outgoing: new Map() };
  readonly context: ExpressionContext & { steps: Record<string, { output: unknown }> };
  readonly checkpoints: Checkpoints;
  /** Set for a test run of a draft (test-mode.ts). */
  test: TestOptions | null = null;
  /** Steps executing now, and those waiting for a place (at most `branchConcurrency` at once). */
  private active = 0;
  private queued: (() => void)[] = [];

  constructor(
    private readonly db: Sql,
    private readonly a: Admitted,
    lease: string,
    private readonly options: EngineOptions,
  ) {
    this.context = {
      trigger: a.triggerInput,
      steps: {},
      org: { id: a.organization.id, name: a.organization.name, slug: a.organization.slug },
    };
    const run = { executionId: a.executionId, organizationId: a.organization.id, lease };
    this.checkpoints = new Checkpoints(db, run, a.steps);
  }

  async execute(definitionOf: () => Promise<EngineDefinition | null>): Promise<RunOutcome> {
    let stop: Stop | null;
    try {
      // A run with no version is a test run of a draft (its definition is on the run), or a run
      // whose version was removed (the published one runs).
      const test = this.a.versionId ? null : await loadTestRun(this.db, this.a.executionId);
      if (test) {
        this.test = test.options;
        if (test.options.only) this.context.steps = { ...test.options.steps };
      }
      const definition = test?.definition ?? (await definitionOf());
      if (!definition)
        return this.finish({ kind: "fail", error: "The workflow version to run was not found.", nodeId: "" });
      this.graph.definition = definition;
      for (const edge of definition.edges) {
        const list = this.graph.outgoing.get(edge.source) ?? [];
        list.push({ handle: edge.sourceHandle, target: edge.target });
        this.graph.outgoing.set(edge.source, list);
      }
      stop = await walkBranches(this, this.startNodes(), "", this.test?.loop);
    } catch (e) {
      if (e instanceof LeaseLost) stop = { kind: "lost" };
      else throw e;
    }
    return this.finish(stop);
  }

  private startNodes(): string[] {
    const { nodes, edges } = this.graph.definition;
    if (this.test?.only) return [this.test.only];
    const triggers = nodes.filter((n) => engineNodeType(n.type)?.trigger);
    const matching = triggers.filter((n) => n.type === this.a.triggerType);
    if (matching.length) return matching.map((n) => n.id);
    if (triggers.length) return triggers.slice(0, 1).map((n) => n.id);
    const targets = new Set(edges.map((e) => e.target));
    return nodes.filter((n) => !targets.has(n.id)).map((n) => n.id);
  }

  private async finish(stop: Stop | null): Promise<RunOutcome> {
    if (stop?.kind === "lost") return this.lostOutcome();
    if (stop?.kind === "requeue") {
      // The buffered checkpoints and the release of the run, in one statement.
      const held = await this.checkpoints.write({ status: "waiting" });
      if (held !== "ok") return this.lostOutcome();
      return { kind: "requeue", at: stop.at, reason: stop.reason, ...this.wakeOutcome() };
    }
    const error = stop?.kind === "fail" ? stop.error : null;
    const failed = error !== null;
    const output = stop?.kind === "end" ? stop.output : failed ? null : this.lastOutput();
    const status = failed ? "failed" : "completed";
    // The last step's checkpoint and the run's result, in one statement.
    const held = await this.checkpoints.write({ status, output: forStorage(output), error });
    if (held !== "ok") return this.lostOutcome();
    return { kind: "finished", status, ...this.wakeOutcome() };
  }

  /** The lease check failed: a cancellation (settled as cancelled by the check) or a takeover. */
  private lostOutcome(): RunOutcome {
    return this.checkpoints.settled === "cancelled"
      ? { kind: "finished", status: "cancelled", ...this.wakeOutcome() }
      : { kind: "skipped", reason: "lease lost" };
  }

  private wakeOutcome(): { wake?: string } {
    const wake = this.checkpoints.wake;
    return wake ? { wake } : {};
  }

  private lastOutput(): unknown {
    let last: unknown = null;
    for (const v of Object.values(this.context.steps)) last = v.output;
    return last;
  }

  /** Runs one step (from its checkpoint when it has one), holding one of the run's places. */
  async step(node: EngineNode, key: string, loop: LoopScope, joined?: Record<string, unknown>) {
    const limit = Math.max(1, this.options.branchConcurrency ?? 4);
    if (this.active >= limit) await new Promise<void>((resolve) => this.queued.push(resolve));
    else this.active++;
    try {
      return await this.stepHeld(node, key, loop, joined);
    } finally {
      const next = this.queued.shift();
      if (next) next();
      else this.active--;
    }
  }

  private async stepHeld(
    node: EngineNode,
    key: string,
    loop: LoopScope,
    joined: Record<string, unknown> | undefined,
  ): Promise<Next | Stop> {
    const resumed = await this.resume(node, key);
    if ("kind" in resumed) return resumed;
    const type = engineNodeType(node.type);
    if (!type) {
      const error = `This workflow uses a step type this server cannot run (${node.type}).`;
      await this.checkpoint(node, key, { status: "failed", error, handle: null, ...resumed });
      return { kind: "fail", error, nodeId: node.id };
    }
    const scopeContext: ExpressionContext = loop ? { ...this.context, loop } : this.context;
    return this.attempts(node, key, type, scopeContext, resumed, joined);
  }

  /** What a step's checkpoint says: its result when it has one, or the attempt to make now. */
  private async resume(node: EngineNode, key: string): Promise<Next | Stop | Attempt> {
    const existing = this.checkpoints.steps.get(key);
    if (!existing) return { attempt: 1, retries: [] };
    if (existing.status === "completed" || existing.status === "skipped" || existing.status === "failed") {
      if (existing.status === "failed" && !existing.handle) {
        return { kind: "fail", error: existing.error ?? "The step failed.", nodeId: node.id };
      }
      return { kind: "next", output: existing.output, follow: parseFollow(existing.handle) };
    }
    const retries = Array.isArray(existing.retries) ? [...existing.retries] : [];
    if (existing.status === "waiting") {
      if (existing.wake_at && existing.wake_at.getTime() > Date.now() + 50) {
        return { kind: "requeue", at: existing.wake_at, reason: "wait" };
      }
      if (node.type === "delay") {
        // The step lasted from when it began waiting, not from this resumption (shown as waiting
        // time on the run page, and its output says when the wait ended, as the node declares).
        const output = { resumed_at: new Date().toISOString() };
        await this.checkpoint(node, key, {
          status: "completed",
          output,
          handle: null,
          attempt: existing.attempt,
          retries,
          startedAt: waitingSince(existing.output),
        });
        return { kind: "next", output, follow: null };
      }
      return { attempt: existing.attempt + 1, retries }; // a retry that waited in the queue
    }
    // "running": the worker that ran it is gone. Run it again and say so.
    retries.push({
      attempt: existing.attempt,
      error: "The worker running this step stopped; the step ran again.",
      at: new Date().toISOString(),
    });
    return { attempt: existing.attempt + 1, retries };
  }

  /** Tries a step until it is done, waits, or fails for good (its "When it fails" policy). */
  private async attempts(
    node: EngineNode,
    key: string,
    type: EngineNodeType,
    scope: ExpressionContext,
    from: Attempt,
    joined: Record<string, unknown> | undefined,
  ): Promise<Next | Stop> {
    const rawConfig = (node.data?.config ?? {}) as Record<string, unknown>;
    const policy = stepPolicy(rawConfig);
    const logs: string[] = [];
    let { attempt } = from;
    const { retries } = from;
    for (;;) {
      if (Date.now() > this.a.deadline.getTime()) throw new StepError("The run took longer than it may.");
      const startedAt = preciseNow();
      let input: unknown = null;
      try {
        const config = type.trigger
          ? rawConfig
          : (renderConfig(type.parse(rawConfig), scope, type.strictFields) as Record<string, unknown>);
        input = type.trigger
          ? this.a.triggerInput
          : joined
            ? { ...config, branches: Object.keys(joined) }
            : config;
        const base = { input, attempt, retries, logs, startedAt };
        if (skippedInTest(this.test, node.id, type.sideEffects)) {
          logs.push(`${new Date().toISOString()} ${SKIPPED_IN_TEST}`);
          await this.checkpoint(node, key, { status: "skipped", ...base });
          return { kind: "next", output: null, follow: null };
        }
        if (type.sideEffects) await this.checkpoint(node, key, { status: "running", ...base });
        else await this.checkpoints.flushBeforePureStep();
        const extra = type.trigger
          ? { __trigger: this.a.triggerInput }
          : joined
            ? { __branches: joined }
            : {};
        const result = await this.invoke(node, key, type, { ...config, ...extra }, attempt, logs, policy);
        if (result.kind === "wait") {
          const waiting = {
            resume_at: result.until.toISOString(),
            waiting_since: new Date(startedAt).toISOString(),
          };
          await this.checkpoint(node, key, {
            status: "waiting",
            output: waiting,
            wakeAt: result.until,
            ...base,
          });
          return { kind: "requeue", at: result.until, reason: "wait" };
        }
        const follow = result.follow ? [...result.follow] : null;
        const handle = follow ? follow.join(",") : null;
        await this.checkpoint(node, key, { status: "completed", output: result.output, handle, ...base });
        return { kind: "next", output: result.output, follow };
      } catch (e) {
        if (e instanceof LeaseLost) throw e;
        const failure = await this.failed(node, key, e, policy, { input, attempt, retries, logs, startedAt });
        if (failure === "again") {
          attempt++;
          continue;
        }
        return failure;
      }
    }
  }

  /** Calls a step's executor within its time limit (the smaller of its own and the run's). */
  private invoke(
    node: EngineNode,
    key: string,
    type: EngineNodeType,
    config: Record<string, unknown>,
    attempt: number,
    logs: string[],
    policy: StepPolicy,
  ) {
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
    return withTimeout(type.executor(config, context), budget, controller);
  }

  /** A failed attempt: try again (now or re-queued), take the error branch, go on, or fail. */
  private async failed(
    node: EngineNode,
    key: string,
    e: unknown,
    policy: StepPolicy,
    base: { input: unknown; attempt: number; retries: unknown[]; logs: string[]; startedAt: number },
  ): Promise<Next | Stop | "again"> {
    const message = errorMessage(e);
    const { attempt, retries, startedAt } = base;
    if (isRetryable(e, policy) && attempt < policy.maxAttempts) {
      const delay = backoffDelay(policy, attempt);
      const duration_ms = Math.round(preciseNow() - startedAt);
      retries.push({
        attempt,
        error: message,
        at: new Date().toISOString(),
        duration_ms,
        retry_in_ms: delay,
      });
      if (delay > (this.options.inProcessBackoffMaxMs ?? 5000)) {
        const at = new Date(Date.now() + delay);
        await this.checkpoint(node, key, { status: "waiting", error: message, wakeAt: at, ...base });
        return { kind: "requeue", at, reason: "retry" };
      }
      await sleep(delay);
      return "again";
    }
    const edges = this.graph.outgoing.get(node.id);
    const hasErrorEdge = (edges ?? []).some((edge) => edge.handle === "error");
    const output = {
      error: message,
      ...(e instanceof StepError && e.details !== undefined ? { details: e.details } : {}),
    };
    if (hasErrorEdge || policy.continueOnFail) {
      const handle = hasErrorEdge ? "error" : "continue";
      await this.checkpoint(node, key, { status: "failed", output, error: message, handle, ...base });
      return { kind: "next", output, follow: hasErrorEdge ? ["error"] : nonErrorHandles(edges) };
    }
    await this.checkpoint(node, key, { status: "failed", output, error: message, handle: null, ...base });
    return { kind: "fail", error: `${node.data?.label || node.id}: ${message}`, nodeId: node.id };
  }

  private checkpoint(node: EngineNode, key: string, s: CheckpointState) {
    return this.checkpoints.checkpoint(node, key, s);
  }
}

type Attempt = { attempt: number; retries: unknown[] };
