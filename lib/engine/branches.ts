import type { ExpressionContext } from "@/lib/workflows/expressions/evaluate";
import type { Checkpoints } from "./checkpoints";
import type { EngineNode } from "./definition";
import { engineNodeType } from "./registry";
import { LeaseLost, type LoopScope, type Next, type RunGraph, type Stop } from "./run-types";
import { itemsOf } from "./step-helpers";
import type { TestOptions } from "./test-mode";

/** What the branch walker needs of a run (run.ts). */
export type BranchHost = {
  graph: RunGraph;
  context: ExpressionContext & { steps: Record<string, { output: unknown }> };
  checkpoints: Checkpoints;
  test: TestOptions | null;
  /** Runs one step; the host bounds how many run at once. */
  step(
    node: EngineNode,
    key: string,
    loop: LoopScope,
    joined?: Record<string, unknown>,
  ): Promise<Next | Stop>;
};

type Done = { nodeId: string; result?: Next | Stop; error?: unknown };

/**
 * Walks a run's graph from `starts`, each branch as soon as it is ready: the steps a finished step
 * leads to start at once, side by side (the host bounds how many execute together), so independent
 * branches run concurrently. A step reached by several branches runs once, when the first arrives;
 * a merge step (a node type with `join`) waits until no step still running, ready or waiting can
 * reach it, then runs once with the outputs of every branch that arrived.
 *
 * Stops: an End step, a failure or a lost lease stop the walk (steps already executing finish and
 * are checkpointed); a wait (delay, re-queued retry) stops only its branch, and the run is
 * re-queued for the earliest wake-up once nothing else can go on. When branches have run side by
 * side, the buffered checkpoints are written whenever the walker waits, so each finished step is
 * stored even while another branch's step is still running.
 */
export async function walkBranches(
  host: BranchHost,
  starts: string[],
  scope: string,
  loop: LoopScope,
  skip?: string,
): Promise<Stop | null> {
  const nodes = new Map(host.graph.definition.nodes.map((n) => [n.id, n]));
  const ready = [...starts];
  const seen = new Set<string>(skip ? [skip] : []);
  /** Merge steps reached by some branches: the sources that arrived. */
  const arrivals = new Map<string, string[]>();
  /** Steps whose branch waits (they may still reach a merge after the run resumes). */
  const waiting = new Set<string>();
  const running = new Map<string, Promise<Done>>();
  let stop: Stop | null = null;
  let requeue: Extract<Stop, { kind: "requeue" }> | null = null;
  let parallel = false;
  let thrown: unknown = null;

  for (;;) {
    if (!stop) {
      for (const merge of releasable(host.graph, arrivals, [...running.keys(), ...ready, ...waiting])) {
        ready.push(merge);
      }
      while (ready.length) {
        const nodeId = ready.shift()!;
        const node = nodes.get(nodeId);
        const sources = arrivals.get(nodeId);
        arrivals.delete(nodeId);
        if (seen.has(nodeId) || !node) continue;
        seen.add(nodeId);
        const joined = sources ? joinedOutputs(host, sources) : undefined;
        const task = runNode(host, node, scope, loop, joined).then(
          (result): Done => ({ nodeId, result }),
          (error: unknown): Done => ({ nodeId, error }),
        );
        running.set(nodeId, task);
      }
    }
    if (!running.size) break;
    if (running.size > 1) parallel = true;
    if (parallel && !stop && host.checkpoints.hasPending) {
      try {
        await host.checkpoints.flush();
      } catch (e) {
        if (!(e instanceof LeaseLost)) throw e;
        stop = { kind: "lost" };
      }
    }
    const done = await Promise.race(running.values());
    running.delete(done.nodeId);
    if (done.error !== undefined) {
      if (done.error instanceof LeaseLost) stop ??= { kind: "lost" };
      else thrown ??= done.error;
      stop ??= { kind: "lost" };
      continue;
    }
    const result = done.result!;
    if (result.kind === "requeue") {
      waiting.add(done.nodeId);
      if (!requeue || result.at < requeue.at) requeue = result;
      continue;
    }
    if (result.kind !== "next") {
      stop ??= result;
      continue;
    }
    if (host.test?.only || stop) continue; // a step test runs that step only
    follow(host, done.nodeId, result, ready, arrivals);
  }
  if (thrown !== null) throw thrown;
  return stop ?? requeue;
}

/** Runs a step and what it makes part of the same branch: an End's stop, a loop's body. */
async function runNode(
  host: BranchHost,
  node: EngineNode,
  scope: string,
  loop: LoopScope,
  joined: Record<string, unknown> | undefined,
): Promise<Next | Stop> {
  const result = await host.step(node, `${node.id}${scope}`, loop, joined);
  if (result.kind !== "next") return result;
  host.context.steps[node.id] = { output: result.output };
  if (host.test?.only) return result;
  if (node.type === "end") {
    const end = result.output as { outcome?: string; message?: string };
    if (end?.outcome === "failed") {
      return { kind: "fail", error: end.message || "The workflow ended as failed.", nodeId: node.id };
    }
    return { kind: "end", output: result.output };
  }
  const bodyHandle = engineNodeType(node.type)?.loopBodyHandle;
  if (bodyHandle && result.follow?.includes(bodyHandle)) {
    const items = itemsOf(result.output);
    const edges = host.graph.outgoing.get(node.id) ?? [];
    const bodyTargets = edges.filter((e) => e.handle === bodyHandle).map((e) => e.target);
    for (let i = 0; i < items.length; i++) {
      const inner = await walkBranches(
        host,
        bodyTargets,
        `${scope}[${node.id}:${i}]`,
        { item: items[i], index: i },
        node.id,
      );
      if (inner) return inner;
    }
  }
  return result;
}

/** Queues the steps a finished step leads to (merge steps note the arrival instead). */
function follow(
  host: BranchHost,
  nodeId: string,
  result: Next,
  ready: string[],
  arrivals: Map<string, string[]>,
) {
  const node = host.graph.definition.nodes.find((n) => n.id === nodeId);
  const bodyHandle = node ? engineNodeType(node.type)?.loopBodyHandle : undefined;
  for (const edge of host.graph.outgoing.get(nodeId) ?? []) {
    if (edge.handle === bodyHandle) continue;
    const take = result.follow ? result.follow.includes(edge.handle) : edge.handle !== "error";
    if (!take) continue;
    const target = host.graph.definition.nodes.find((n) => n.id === edge.target);
    if (target && engineNodeType(target.type)?.join) {
      const list = arrivals.get(edge.target) ?? [];
      if (!list.includes(nodeId)) list.push(nodeId);
      arrivals.set(edge.target, list);
    } else ready.push(edge.target);
  }
}

/** Merge steps that no step still running, ready or waiting can reach (nor another such merge). */
function releasable(graph: RunGraph, arrivals: Map<string, string[]>, busy: string[]): string[] {
  if (!arrivals.size) return [];
  const merges = [...arrivals.keys()];
  const reached = reachable(graph, [...busy, ...merges.flatMap((m) => successors(graph, m))]);
  return merges.filter((m) => !reached.has(m));
}

function successors(graph: RunGraph, nodeId: string): string[] {
  return (graph.outgoing.get(nodeId) ?? []).map((e) => e.target);
}

function reachable(graph: RunGraph, from: string[]): Set<string> {
  const reached = new Set<string>();
  const stack = from.flatMap((id) => successors(graph, id));
  while (stack.length) {
    const id = stack.pop()!;
    if (reached.has(id)) continue;
    reached.add(id);
    stack.push(...successors(graph, id));
  }
  return reached;
}

function joinedOutputs(host: BranchHost, sources: string[]): Record<string, unknown> {
  return Object.fromEntries(sources.map((id) => [id, host.context.steps[id]?.output ?? null]));
}
