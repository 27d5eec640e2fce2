import { redirect } from "next/navigation";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { Tx, UserClaims } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { OrganizationContext } from "@/lib/organizations/context";
import { defineOrgAction } from "./org-action";
import { defineOrgRoute, defineUserRoute } from "./session-route";

/**
 * The entry wrappers open exactly one transaction per request: the organization's context is read
 * in the transaction the handler gets (issue 17). The database, the session and the context
 * lookup are stand-ins that record what was opened, in which order.
 */

const claims: UserClaims = { sub: "0b6e4c8e-59a4-4b43-9b8a-0fa2a4f1a111", email: "ada@example.com" };
const context = {
  organization: { id: "4d1c0f6e-0000-4000-8000-000000000001", slug: "acme" },
  role: "owner",
  permissions: { members: ["read"] },
  features: [],
} as unknown as OrganizationContext;

const log = vi.hoisted(() => [] as string[]);
const fakeTx = vi.hoisted(() => ({ fake: "tx" }));

vi.mock("@/lib/auth/session", () => ({
  getClaims: async () => claims,
  SESSION_ENDED_MESSAGE: "Signed out.",
}));
vi.mock("@/lib/db/client", () => ({
  withUser: async (_claims: UserClaims, work: (tx: Tx) => Promise<unknown>) => {
    log.push("begin");
    try {
      const result = await work(fakeTx as unknown as Tx);
      log.push("commit");
      return result;
    } catch (e) {
      log.push("rollback");
      throw e;
    }
  },
}));
vi.mock("@/lib/organizations/context", () => ({
  requireOrganizationContextIn: async (tx: Tx, _claims: UserClaims, slug: string) => {
    log.push(tx === (fakeTx as unknown) ? `context ${slug} in tx` : "context elsewhere");
    return context;
  },
  requireOrganizationContext: async (_claims: UserClaims, slug: string) => {
    log.push("begin", `context ${slug} in tx`, "commit");
    return context;
  },
}));

function form(fields: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  return fd;
}

const sameOrigin = { headers: { origin: "http://localhost:3000", "sec-fetch-site": "same-origin" } };

beforeEach(() => {
  log.length = 0;
});

describe("defineOrgAction with transaction: true", () => {
  it("reads the context and runs the handler in one transaction, then the after-commit work", async () => {
    const action = defineOrgAction({
      schema: z.object({ name: z.string() }),
      permission: ["members", "read"],
      transaction: true,
      async handler({ input, tx, org, afterCommit }) {
        log.push(`handler ${input.name} ${tx === (fakeTx as unknown) ? "in tx" : "elsewhere"} ${org.role}`);
        afterCommit(() => log.push("mail"));
        return input.name;
      },
    });
    const result = await action(null, form({ organization: "acme", name: "Ada" }));
    expect(result).toEqual({ ok: true, data: "Ada" });
    expect(log).toEqual(["begin", "context acme in tx", "handler Ada in tx owner", "commit", "mail"]);
  });

  it("commits before a redirect reaches Next, and rolls back on a failure", async () => {
    const leave = defineOrgAction({
      schema: z.object({}),
      permission: null,
      transaction: true,
      async handler() {
        log.push("leave");
        redirect("/dashboard");
      },
    });
    await expect(leave(null, form({ organization: "acme" }))).rejects.toThrow("NEXT_REDIRECT");
    expect(log).toEqual(["begin", "context acme in tx", "leave", "commit"]);

    log.length = 0;
    const failing = defineOrgAction({
      schema: z.object({}),
      permission: null,
      transaction: true,
      async handler({ afterCommit }) {
        afterCommit(() => log.push("never"));
        throw new AppError("conflict", "Taken.");
      },
    });
    expect(await failing(null, form({ organization: "acme" }))).toMatchObject({ ok: false });
    expect(log).toEqual(["begin", "context acme in tx", "rollback"]);
  });
});

describe("session routes", () => {
  it("defineOrgRoute reads the context, the body and runs the handler in one transaction", async () => {
    const POST = defineOrgRoute<{ slug: string }, { json: z.ZodType<{ n: number }> }>({
      permission: ["members", "read"],
      body: { json: z.object({ n: z.number() }) },
      async handler({ tx, organization, body }) {
        log.push(`handler ${body.n} ${tx === (fakeTx as unknown) ? "in tx" : "elsewhere"}`);
        return { slug: organization.organization.slug };
      },
    });
    const request = new Request("http://localhost:3000/o/acme/x", {
      method: "POST",
      headers: { ...sameOrigin.headers, "content-type": "application/json" },
      body: JSON.stringify({ n: 7 }),
    });
    const response = await POST(request, { params: Promise.resolve({ slug: "acme" }) });
    expect(await response.json()).toEqual({ slug: "acme" });
    expect(log).toEqual(["begin", "context acme in tx", "handler 7 in tx", "commit"]);
  });

  it("with transaction: false, only the context's transaction is opened by the wrapper", async () => {
    const GET = defineOrgRoute<{ slug: string }, undefined, false>({
      permission: null,
      transaction: false,
      async handler({ tx }) {
        log.push(`handler ${tx === undefined ? "without tx" : "with tx"}`);
        return new Response("ok");
      },
    });
    const response = await GET(new Request("http://localhost:3000/o/acme/x", sameOrigin), {
      params: Promise.resolve({ slug: "acme" }),
    });
    expect(response.status).toBe(200);
    expect(log).toEqual(["begin", "context acme in tx", "commit", "handler without tx"]);
  });

  it("with transaction: false, transact opens the handler's transaction as the user, after the body", async () => {
    const POST = defineOrgRoute<{ slug: string }, { json: z.ZodType<{ n: number }> }, false>({
      permission: null,
      body: { json: z.object({ n: z.number() }) },
      transaction: false,
      async handler({ body, transact }) {
        log.push(`handler ${body.n}`);
        const inside = await transact(async (tx) => {
          log.push(`work ${tx === (fakeTx as unknown) ? "in tx" : "elsewhere"}`);
          return body.n * 2;
        });
        log.push(`after ${inside}`);
        return new Response("ok", { status: 201 });
      },
    });
    const request = new Request("http://localhost:3000/o/acme/x", {
      method: "POST",
      headers: { ...sameOrigin.headers, "content-type": "application/json" },
      body: JSON.stringify({ n: 4 }),
    });
    const response = await POST(request, { params: Promise.resolve({ slug: "acme" }) });
    expect(response.status).toBe(201);
    expect(log).toEqual([
      "begin",
      "context acme in tx",
      "commit",
      "handler 4",
      "begin",
      "work in tx",
      "commit",
      "after 8",
    ]);
  });

  it("defineUserRoute opens one transaction for the handler", async () => {
    const GET = defineUserRoute({
      async handler({ tx }) {
        log.push(`handler ${tx === (fakeTx as unknown) ? "in tx" : "elsewhere"}`);
        return { ok: true };
      },
    });
    await GET(new Request("http://localhost:3000/api/x", sameOrigin));
    expect(log).toEqual(["begin", "handler in tx", "commit"]);
  });
});
