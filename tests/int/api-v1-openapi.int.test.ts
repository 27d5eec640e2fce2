import { readdir } from "node:fs/promises";
import path from "node:path";
import { validate } from "@readme/openapi-parser";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { POST as runWorkflow } from "@/app/api/v1/workflows/[id]/runs/route";
import { GET as getExecution } from "@/app/api/v1/executions/[id]/route";
import { GET as getMe } from "@/app/api/v1/me/route";
import { GET as getDocument } from "@/app/api/v1/openapi.json/route";
import { GET as getOrganization } from "@/app/api/v1/organization/route";
import { METHOD_NOT_ALLOWED } from "@/lib/actions/api-key-route";
import { createApiKey } from "@/lib/api-keys/keys";
import type { Sql } from "@/lib/db/client";
import { testSql } from "@/tests/support/db";
import { createWorkflow, definition } from "@/tests/support/engine";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/** The OpenAPI document: valid 3.1, covering every route on disk, and true to what routes answer. */

const apiRoot = path.join(process.cwd(), "app/api/v1");
const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** `/api/v1/...` paths in OpenAPI form with their exported methods, from the route files on disk. */
async function routesOnDisk(): Promise<Map<string, string[]>> {
  const routes = new Map<string, string[]>();
  for (const file of await readdir(apiRoot, { recursive: true })) {
    if (path.basename(file) !== "route.ts") continue;
    const dir = path.dirname(file);
    if (dir.startsWith("[[...")) continue; // the catch-all answering unknown paths with a 404
    const mod = (await import(path.join(apiRoot, file))) as Record<string, unknown>;
    const apiPath =
      "/api/v1/" +
      dir
        .split(path.sep)
        .map((s) => s.replace(/^\[(\w+)\]$/, "{$1}"))
        .join("/");
    // The JSON 405s apiMethods adds for the methods a route does not serve are not operations.
    const served = methods.filter(
      (m) =>
        typeof mod[m] === "function" && !(mod[m] as unknown as Record<symbol, unknown>)[METHOD_NOT_ALLOWED],
    );
    routes.set(apiPath, served);
  }
  return routes;
}

type Document = { openapi: string; paths: Record<string, Record<string, unknown>>; components: unknown };

async function fetchDocument(): Promise<Document> {
  return (await getDocument().json()) as Document;
}

/** The schema the document gives a route's answer with `status`, as a JSON Schema validator would use it. */
function responseSchemaRef(doc: Document, apiPath: string, method: string, status: number) {
  const op = doc.paths[apiPath]?.[method] as
    { responses: Record<string, { content?: Record<string, { schema: unknown }> }> } | undefined;
  return op?.responses[String(status)]?.content?.["application/json"]?.schema;
}

describe("GET /api/v1/openapi.json", () => {
  let sql: Sql;
  let tenant: TestTenant;
  let key: string;

  beforeAll(async () => {
    sql = testSql();
    tenant = await createTenant(sql, "OpenApi");
    key = (
      await createApiKey(tenant.members.owner, tenant.id, {
        name: "Docs",
        permissions: ["organizations:read", "executions:read", "executions:create"],
      })
    ).secret;
  });
  afterAll(async () => {
    await deleteTenants(sql, [tenant]);
    await sql.end();
  });

  it("is public, cacheable, and a valid OpenAPI 3.1 document with a bearer key scheme", async () => {
    const res = getDocument();
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toMatch(/^public/);
    expect(res.headers.get("request-id")).toMatch(/^req_/);
    const doc = (await res.json()) as Document & { components: { securitySchemes: unknown } };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.securitySchemes).toEqual({
      apiKey: expect.objectContaining({ type: "http", scheme: "bearer" }),
    });
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? [] : result.errors).toEqual([]);
    // The validator does refuse a broken document (a response without its required description).
    const broken = structuredClone(doc);
    broken.paths["/api/v1/me"] = { get: { responses: { 200: {} } } };
    expect((await validate(broken as never)).valid).toBe(false);
  });

  it("documents every /api/v1 route file and method, and nothing that does not exist", async () => {
    const doc = await fetchDocument();
    const onDisk = await routesOnDisk();
    expect(onDisk.size).toBeGreaterThanOrEqual(5);
    const documented = new Map(
      Object.entries(doc.paths).map(([p, ops]) => [p, Object.keys(ops).map((m) => m.toUpperCase())]),
    );
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(onDisk));
  });

  it("describes what the routes really answer", async () => {
    const doc = await fetchDocument();
    const { executionSchema, runAcceptedSchema } = await import("@/lib/engine/api");
    const { apiIdentitySchema, apiOrganizationSchema } = await import("@/lib/api-keys/schemas");
    const headers = { authorization: `Bearer ${key}` };
    const call = async (
      handler: (r: NextRequest, c: { params: Promise<never> }) => Promise<Response>,
      url: string,
      init: { method?: string; body?: string; params?: Record<string, string> } = {},
    ) => {
      const request = new NextRequest(`http://localhost${url}`, {
        method: init.method,
        body: init.body,
        headers,
      });
      return handler(request, { params: Promise.resolve((init.params ?? {}) as never) });
    };
    const answers: [Response, number, z.ZodType][] = [];
    answers.push([await call(getMe, "/api/v1/me"), 200, apiIdentitySchema]);
    answers.push([await call(getOrganization, "/api/v1/organization"), 200, apiOrganizationSchema]);

    const workflowId = await createWorkflow(
      sql,
      tenant.id,
      definition([{ id: "manual_1", type: "manual" }], []),
    );
    const run = await call(runWorkflow, `/api/v1/workflows/${workflowId}/runs`, {
      method: "POST",
      body: JSON.stringify({ input: { hello: "world" } }),
      params: { id: workflowId },
    });
    const accepted = runAcceptedSchema.parse(await run.clone().json());
    answers.push([run, 202, runAcceptedSchema]);
    const read = await call(getExecution, `/api/v1/executions/${accepted.execution_id}`, {
      params: { id: accepted.execution_id },
    });
    answers.push([read, 200, executionSchema]);

    for (const [res, status, schema] of answers) {
      expect(res.status).toBe(status);
      expect(res.headers.get("request-id")).toMatch(/^req_/);
      const parsed = schema.safeParse(await res.json());
      expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    }
    for (const [p, m, s] of [
      ["/api/v1/me", "get", 200],
      ["/api/v1/organization", "get", 200],
      ["/api/v1/workflows/{id}/runs", "post", 202],
      ["/api/v1/executions/{id}", "get", 200],
    ] as const) {
      expect(responseSchemaRef(doc, p, m, s), `${m} ${p}`).toBeDefined();
    }
  });
});
