import "server-only";
import {
  extendZodWithOpenApi,
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  type ResponseConfig,
} from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { errorStatus, type ErrorCode } from "@/lib/errors";
import type { Endpoint } from "./endpoint";
import { allEndpoints } from "./endpoints";

/**
 * The REST API's OpenAPI 3.1 document, generated from the endpoint descriptions and the zod
 * schemas the `/api/v1` routes parse their input and describe their answers with (a test
 * compares the route files with the document's paths).
 */

// The registry names schemas (components/schemas) through the `.openapi()` this adds to zod.
extendZodWithOpenApi(z);

const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]]).describe("For programs."),
      message: z.string().describe("For people: says what went wrong and what to do."),
      fields: z.record(z.string(), z.array(z.string())).optional().describe("Per-field problems."),
    }),
  })
  .describe("Every error the API answers, whatever the route.");

const requestIdHeader = {
  "Request-Id": z.string().describe("Quote it when you ask us about a request."),
};
const rateHeaders = {
  "RateLimit-Limit": z.string().describe("Requests this key may make per minute."),
  "RateLimit-Remaining": z.string().describe("Requests left in this minute."),
  "RateLimit-Reset": z.string().describe("Seconds until the minute starts over."),
};

function json(description: string, schema: z.ZodType, keyed = true): ResponseConfig {
  return {
    description,
    headers: z.object(keyed ? { ...requestIdHeader, ...rateHeaders } : requestIdHeader),
    content: { "application/json": { schema } },
  };
}

/**
 * Names a schema in components/schemas. Zod copies its prototype's methods onto each schema when it
 * is made, so one made before extendZodWithOpenApi ran (in a feature's schemas) lacks `.openapi`:
 * the registry gets a copy made now from the same definition.
 */
function register<T extends z.ZodType>(registry: OpenAPIRegistry, refId: string, schema: T): T {
  const copy = new (schema.constructor as new (def: unknown) => T)(schema._zod.def);
  return registry.register(refId, copy);
}

const idempotencyHeader = z.object({
  "Idempotency-Key": z
    .string()
    .max(255)
    .optional()
    .describe("A key of yours (a UUID): a retry with the same key answers the first answer again."),
});

function describe(e: Endpoint): string {
  const parts = [e.description, e.permission ? `Needs \`${e.permission.join(":")}\`.` : "Any valid key."];
  return parts.filter(Boolean).join(" ");
}

/** JSON, and for a route that takes a file, the multipart form: `file` and the fields beside it. */
function requestContent(e: Endpoint) {
  const content: Record<string, { schema: z.ZodType }> = { "application/json": { schema: e.body! } };
  if (e.upload) {
    const file = z
      .string()
      .describe(`The file: ${e.upload.accepted}, at most ${e.upload.maxFileBytes / 1024 / 1024} MB.`)
      .openapi({ format: "binary" });
    content["multipart/form-data"] = { schema: (e.uploadFields ?? z.object({})).extend({ file }) };
  }
  return content;
}

function registerEndpoint(registry: OpenAPIRegistry, e: Endpoint, error: z.ZodType) {
  const security = [{ apiKey: [] }];
  const response = e.responseName ? register(registry, e.responseName, e.response) : e.response;
  registry.registerPath({
    method: e.method,
    path: e.path,
    operationId: e.operationId,
    summary: e.summary,
    description: describe(e),
    tags: [e.tag],
    security,
    request: {
      ...(e.params ? { params: e.params } : {}),
      ...(e.query ? { query: e.query } : {}),
      ...(e.method === "post" ? { headers: idempotencyHeader } : {}),
      ...(e.body ? { body: { required: true, content: requestContent(e) } } : {}),
    },
    responses: {
      [e.status]: json("Done.", response),
      ...(e.body || e.query ? { 400: json("The query or body is not valid.", error) } : {}),
      401: json("No key, or one that is unknown, revoked or expired.", error, false),
      ...(e.permission ? { 403: json("The key lacks the permission this route needs.", error) } : {}),
      ...(e.params ? { 404: json("Nothing with that id in the key's organization.", error) } : {}),
      ...(e.body ? { 413: json("The body (or the file) is larger than this route takes.", error) } : {}),
      ...(e.upload
        ? { 415: json(`Not a JSON body, or a file that is not ${e.upload.accepted}.`, error) }
        : {}),
      ...(e.method === "post"
        ? {
            409: json("A request with this Idempotency-Key is still being answered.", error),
            422: json("This Idempotency-Key was used for another request.", error),
          }
        : {}),
      429: json("Too many requests this minute: wait `Retry-After` seconds.", error),
    },
  });
}

function buildRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description: "An API key from Settings → API keys, sent as `Authorization: Bearer <key>`.",
  });
  const error = register(registry, "Error", errorSchema);
  for (const e of allEndpoints()) registerEndpoint(registry, e, error);
  registry.registerPath({
    method: "get",
    path: "/api/v1/openapi.json",
    operationId: "getOpenApiDocument",
    summary: "This document",
    description: "Public: needs no key.",
    tags: ["Account"],
    security: [],
    responses: { 200: json("The OpenAPI 3.1 document.", z.record(z.string(), z.unknown()), false) },
  });
  return registry;
}

let cached: ReturnType<OpenApiGeneratorV31["generateDocument"]> | undefined;

/** The document (built once per process: it only changes with the code). */
export function openApiDocument() {
  cached ??= new OpenApiGeneratorV31(buildRegistry().definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Orgflow API",
      version: "1",
      description:
        "Every request runs as the key's creator narrowed to the key's permissions. Lists are pages " +
        "(`limit`, `starting_after`; the answer has `data` and `has_more`), newest first. Every POST " +
        "takes an `Idempotency-Key`. Errors share one shape (`Error`); every response carries a " +
        "`Request-Id` header, and the `RateLimit-*` headers say how many requests the key has left.",
    },
    servers: [{ url: "/" }],
  });
  return cached;
}
