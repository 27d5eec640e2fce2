import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Who made the request a user transaction serves, for the audit log's ip and user agent (read by
 * its trigger from `request.headers`, as PostgREST sets it). Entry points (defineAction,
 * defineApiKeyRoute) run their handler inside withRequestContext, so every withUser below them
 * records the caller without each lib function passing it along.
 */
export type RequestContext = { ip?: string | null; userAgent?: string | null };

const storage = new AsyncLocalStorage<RequestContext>();

export function withRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** The context of the request being served, or {} outside one (the worker, scripts, tests). */
export function currentRequestContext(): RequestContext {
  return storage.getStore() ?? {};
}
