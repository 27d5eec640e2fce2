import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { getClaims, SESSION_ENDED_MESSAGE, type UserClaims } from "@/lib/auth/session";
import { withUser, type Tx } from "@/lib/db/client";
import { withRequestContext } from "@/lib/db/request-context";
import { AppError } from "@/lib/errors";
import { fieldErrorsFromZod } from "./action";
import { requestContextOf } from "@/lib/http/client-ip";
import { readMultipartForm } from "@/lib/http/multipart";
import { assertSameOriginRequest } from "@/lib/http/origin";
import { errorResponse, parseJsonBody } from "@/lib/http/respond";
import {
  requireOrganizationContext,
  requireOrganizationContextIn,
  type OrganizationContext,
} from "@/lib/organizations/context";
import type { PermissionAction } from "@/lib/organizations/schema";

/**
 * The entry-point wrappers for route handlers that act on the session cookie (uploads, exports,
 * files, live feeds), beside `defineOrgAction` (server actions), `defineApiKeyRoute` (the REST API)
 * and `defineWebhook`. Every request goes through the same steps, in this order:
 *
 * 1. the Origin / Fetch Metadata check (lib/http/origin): another site's request is a 403;
 * 2. the session: no verified claims is a 401;
 * 3. for `defineOrgRoute`, the organization (the `slug` route parameter unless `organization`
 *    says otherwise) and the member's permission: 404 for a non-member, 403 without it;
 * 4. the body, size capped before it is parsed (`json` with a zod schema, or a multipart `file`
 *    upload), a 4xx on anything malformed, before any database work;
 * 5. the handler, with the caller's address and user agent in the request context for the audit log.
 *
 * Each request opens exactly one transaction as the user (RLS decides): steps 3 to 5 run in it and
 * the handler gets it as `tx`. With `transaction: false` (streams that outlive a transaction, work
 * queued after a commit) that one transaction is step 3's alone, and the handler gets no `tx` but
 * `transact(tx => …)`, which opens one as the same user when the handler needs it (and commits it
 * when `work` returns). A route with a large upload says `transaction: false`, so no connection
 * waits in a transaction while the file arrives.
 *
 * Anything thrown is answered as an `AppError` (lib/http/respond). A handler returns a `Response`
 * (files, CSV, a 201) or a value answered as JSON.
 */

export type RoutePermission = readonly [resource: string, action: PermissionAction];

/** An uploaded file under the field `file`, with the form's other fields beside it. */
export type FileUpload = { form: FormData; file: File; text(name: string): string | undefined };

export type RouteBody<B> =
  | { json: z.ZodType<B>; maxBytes?: number }
  | {
      /** The largest file accepted, in bytes; the request may be 64 KiB more (the envelope). */
      maxFileBytes: number;
      /** The 413's message. */
      tooLarge: string;
      /** The message when no file was sent. */
      missingFile: string;
    };

type BodyOf<S> = S extends { json: z.ZodType<infer B> }
  ? B
  : S extends { maxFileBytes: number }
    ? FileUpload
    : undefined;

type UserRouteContext<P, S> = {
  request: Request;
  params: P;
  claims: UserClaims;
  body: BodyOf<S>;
};

/** Opens a transaction as the request's user, runs `work` in it and commits (transaction: false). */
export type Transact = <R>(work: (tx: Tx) => Promise<R>) => Promise<R>;

type WithTx<T extends boolean> = T extends false ? { tx?: undefined; transact: Transact } : { tx: Tx };

export type OrgRouteContext<P, S, T extends boolean = true> = UserRouteContext<P, S> &
  WithTx<T> & { organization: OrganizationContext };

/** A route for a signed-in member of an organization holding `permission` (null: any member). */
export function defineOrgRoute<
  P extends Record<string, string> = Record<string, string>,
  S extends RouteBody<unknown> | undefined = undefined,
  T extends boolean = true,
>(definition: {
  permission: RoutePermission | null;
  /** Which organization: its slug, from the route's `slug` parameter unless given here. */
  organization?: (request: Request, params: P) => string | null | undefined;
  body?: S;
  transaction?: T;
  handler: (context: OrgRouteContext<P, S, T>) => Promise<unknown>;
}): (request: Request, route?: { params: Promise<P> }) => Promise<Response> {
  return sessionRoute<P, S, T>(
    definition,
    async (base, tx) => {
      // Step 3, in the request's transaction (or, with transaction: false, in one of its own).
      const slug = definition.organization
        ? definition.organization(base.request, base.params)
        : (base.params as Record<string, string | undefined>).slug;
      if (!slug) throw new AppError("bad_request", "Say which organization: ?organization=<its slug>.");
      const permission = definition.permission ?? undefined;
      const organization = tx
        ? await requireOrganizationContextIn(tx, base.claims, slug, permission)
        : await requireOrganizationContext(base.claims, slug, permission);
      return { organization };
    },
    (context) => definition.handler(context as OrgRouteContext<P, S, T>),
  );
}

/** A route for any signed-in user (their own profile, a run they may see: RLS decides). */
export function defineUserRoute<
  P extends Record<string, string> = Record<string, string>,
  S extends RouteBody<unknown> | undefined = undefined,
  T extends boolean = true,
>(definition: {
  body?: S;
  transaction?: T;
  handler: (context: UserRouteContext<P, S> & WithTx<T>) => Promise<unknown>;
}): (request: Request, route?: { params: Promise<P> }) => Promise<Response> {
  // No step 3: the body is read before the transaction opens.
  return sessionRoute<P, S, T>(definition, null, (context) =>
    definition.handler(context as UserRouteContext<P, S> & WithTx<T>),
  );
}

/**
 * A route under the signed-in area that reads no session (a static CSV template): only the
 * Origin check, so nothing is served to another site's requests.
 */
export function defineSameOriginRoute(handler: (request: Request) => Response | Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    try {
      assertSameOriginRequest(request);
      return await handler(request);
    } catch (e) {
      return errorResponse(e);
    }
  };
}

type Resolved = Record<string, unknown>;

/**
 * Steps 1, 2, 4 and 5 above; `authorize` does step 3 (in the request's transaction, when it has
 * one) and answers with what the handler gets beside the base context.
 */
function sessionRoute<P, S extends RouteBody<unknown> | undefined, T extends boolean>(
  definition: { body?: S; transaction?: T },
  authorize: ((base: UserRouteContext<P, S>, tx: Tx | undefined) => Promise<Resolved>) | null,
  handler: (context: UserRouteContext<P, S> & Resolved & { tx?: Tx }) => Promise<unknown>,
) {
  return async (request: Request, route?: { params: Promise<P> }): Promise<Response> => {
    try {
      assertSameOriginRequest(request);
      const claims = await getClaims();
      if (!claims) throw new AppError("unauthenticated", SESSION_ENDED_MESSAGE);
      const params = ((await route?.params) ?? {}) as P;
      const base = { request, params, claims, body: undefined as BodyOf<S> };
      // The body is read once the caller is known to be allowed, before the handler's database work.
      const withBody = async () => ({
        ...base,
        body: (await readBody(request, definition.body)) as BodyOf<S>,
      });
      const result = await withRequestContext(requestContextOf(request.headers), async () => {
        if (definition.transaction === false) {
          const resolved = (await authorize?.(base, undefined)) ?? {};
          const transact: Transact = (work) => withUser(claims, work);
          return handler({ ...(await withBody()), ...resolved, transact });
        }
        if (!authorize) {
          const context = await withBody();
          return withUser(claims, (tx) => handler({ ...context, tx }));
        }
        return withUser(claims, async (tx) => {
          const resolved = await authorize(base, tx);
          return handler({ ...(await withBody()), ...resolved, tx });
        });
      });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (e) {
      return errorResponse(e);
    }
  };
}

async function readBody(request: Request, spec: RouteBody<unknown> | undefined): Promise<unknown> {
  if (!spec) return undefined;
  if ("json" in spec) return parseJsonBody(request, spec.json, spec.maxBytes);
  const form = await readMultipartForm(request, spec.maxFileBytes + 64 * 1024, spec.tooLarge);
  const file = form.get("file");
  if (!(file instanceof File))
    throw new AppError("validation_failed", spec.missingFile, { file: [spec.missingFile] });
  if (file.size > spec.maxFileBytes) throw new AppError("payload_too_large", spec.tooLarge);
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" && value.trim() ? value : undefined;
  };
  return { form, file, text } satisfies FileUpload;
}

/** Parses the query string with `schema`; a 400 with `message` (and the fields) when it does not fit. */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S, message: string): z.output<S> {
  const parsed = schema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw new AppError("validation_failed", message, fieldErrorsFromZod(parsed.error));
  return parsed.data;
}
