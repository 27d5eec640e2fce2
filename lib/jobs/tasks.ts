import type { TaskList } from "graphile-worker";

/**
 * Background jobs of features other than the engine (processing a stored GHL webhook, extracting a
 * document's text, …), run by the same worker processes on the same durable queue. A feature adds
 * its tasks here; queue jobs with `enqueueJob` from lib/engine/queue.ts.
 */
export const featureTasks: TaskList = {};
