import "server-only";
import {
  extendZodWithOpenApi,
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  type ResponseConfig,
} from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { apiIdentitySchema, apiOrganizationSchema } from "@/lib/api-keys/schemas";
import { executionSchema, runAcceptedSchema, runRequestSchema } from "@/lib/engine/api";
import { errorStatus, type ErrorCode } from "@/lib/errors";

/**
 * The REST API's OpenAPI 3.1 document, generated from the zod schemas the `/api/v1` routes parse
 * their input and describe their answers with: adding a route means registering it here (a test
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

const requestIdHeader = z.object({
  "Request-Id": z.string().describe("Quote it when you ask us about a request."),
});

function json(description: string, schema: z.ZodType): ResponseConfig {
  return { description, headers: requestIdHeader, content: { "application/json": { schema } } };
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

const idParam = (what: string) => z.object({ id: z.uuid().describe(`The ${what}'s id.`) });

function buildRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description: "An API key from Settings → API keys, sent as `Authorization: Bearer <key>`.",
  });
  const security = [{ [bearer.name]: [] }];
  const error = register(registry, "Error", errorSchema);
  const errors = {
    401: json("No key, or one that is unknown, revoked or expired.", error),
    403: json("The key lacks the permission this route needs.", error),
    404: json("Nothing with that id in the key's organization.", error),
  };
  const execution = register(registry, "Execution", executionSchema);

  registry.registerPath({
    method: "get",
    path: "/api/v1/me",
    operationId: "getMe",
    summary: "Who is calling: the key, its creator and its organization",
    security,
    responses: { 200: json("The key's identity.", apiIdentitySchema), 401: errors[401] },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/organization",
    operationId: "getOrganization",
    summary: "The key's organization, its plan, limits and usage",
    description: "Needs `organizations:read`.",
    security,
    responses: {
      200: json("The organization.", register(registry, "Organization", apiOrganizationSchema)),
      401: errors[401],
      403: errors[403],
    },
  });
  registry.registerPath({
    method: "post",
    path: "/api/v1/workflows/{id}/runs",
    operationId: "runWorkflow",
    summary: "Start a run of a published workflow",
    description: "Needs `executions:create`. The run is queued; read it with `GET /api/v1/executions/{id}`.",
    security,
    request: {
      params: idParam("workflow"),
      body: { required: false, content: { "application/json": { schema: runRequestSchema } } },
    },
    responses: {
      202: json("The run is queued.", runAcceptedSchema),
      400: json("The body is not valid.", error),
      ...errors,
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/executions/{id}",
    operationId: "getExecution",
    summary: "A run with its steps",
    description: "Needs `executions:read`.",
    security,
    request: { params: idParam("run") },
    responses: { 200: json("The run.", execution), ...errors },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/openapi.json",
    operationId: "getOpenApiDocument",
    summary: "This document",
    description: "Public: needs no key.",
    security: [],
    responses: { 200: json("The OpenAPI 3.1 document.", z.record(z.string(), z.unknown())) },
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
        "Every request runs as the key's creator narrowed to the key's permissions. Errors share one " +
        "shape (`Error`); every response carries a `Request-Id` header.",
    },
    servers: [{ url: "/" }],
  });
  return cached;
}
