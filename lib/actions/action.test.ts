import { redirect } from "next/navigation";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { UserClaims } from "@/lib/db/client";
import {
  defineAction,
  fieldErrorsFromZod,
  formDataToObject,
  UNAUTHENTICATED_MESSAGE,
  VALIDATION_MESSAGE,
} from "./action";

const getClaims = vi.hoisted(() => vi.fn<() => Promise<UserClaims | null>>());
vi.mock("@/lib/auth/session", () => ({ getClaims }));

function form(entries: [string, string | Blob][]): FormData {
  const fd = new FormData();
  for (const [k, v] of entries) fd.append(k, v);
  return fd;
}

const claims: UserClaims = { sub: "0b6e4c8e-59a4-4b43-9b8a-0fa2a4f1a111", email: "ada@example.com" };

beforeEach(() => {
  getClaims.mockReset();
  getClaims.mockResolvedValue(claims);
});

describe("formDataToObject", () => {
  it("gives single values as values and repeated keys as arrays", () => {
    const fd = form([
      ["name", "Ada"],
      ["tag", "a"],
      ["tag", "b"],
      ["ids[]", "1"],
      ["$ACTION_ID_abc", ""],
      ["$ACTION_REF_1", ""],
    ]);
    expect(formDataToObject(fd)).toEqual({ name: "Ada", tag: ["a", "b"], ids: ["1"] });
  });

  it("keeps files as files", () => {
    const file = new File(["hi"], "hi.txt", { type: "text/plain" });
    const out = formDataToObject(form([["upload", file]]));
    expect(out.upload).toBeInstanceOf(File);
  });
});

describe("fieldErrorsFromZod", () => {
  it("keys messages by dotted path and puts whole-form issues under _form", () => {
    const schema = z
      .object({ a: z.string().min(2, "too short"), b: z.object({ c: z.number("a number") }) })
      .refine(() => false, "whole form");
    const result = schema.safeParse({ a: "x", b: { c: "no" } });
    expect(result.success).toBe(false);
    // refine only runs when the shape parsed; check the shape issues first.
    expect(fieldErrorsFromZod(result.error!)).toEqual({ a: ["too short"], "b.c": ["a number"] });
    const formOnly = schema.safeParse({ a: "xy", b: { c: 1 } });
    expect(fieldErrorsFromZod(formOnly.error!)).toEqual({ _form: ["whole form"] });
  });
});

describe("defineAction", () => {
  const schema = z.object({ name: z.string().trim().min(1, "Enter a name.") });

  it("validates FormData and reports field errors", async () => {
    const handler = vi.fn();
    const action = defineAction({ schema, auth: "public", handler });
    const result = await action(null, form([["name", "   "]]));
    expect(result).toEqual({
      ok: false,
      error: { code: "validation_failed", message: VALIDATION_MESSAGE, fields: { name: ["Enter a name."] } },
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it("refuses oversized forms, NUL characters and non-forms before the schema or the handler", async () => {
    const handler = vi.fn();
    const action = defineAction({ schema, auth: "user", handler });
    const many = new FormData();
    for (let i = 0; i < 1001; i++) many.append("name", "x");
    expect(await action(null, many)).toMatchObject({ ok: false, error: { code: "payload_too_large" } });
    expect(await action(null, form([["name", "A\u0000"]]))).toMatchObject({
      ok: false,
      error: { code: "validation_failed", fields: { name: [expect.stringContaining("NUL")] } },
    });
    expect(await action(null, "name=Ada" as unknown as FormData)).toMatchObject({
      ok: false,
      error: { code: "bad_request" },
    });
    expect(handler).not.toHaveBeenCalled();
    expect(getClaims).not.toHaveBeenCalled();
  });

  it("uses a whole-form issue as the message when it is the only one", async () => {
    const action = defineAction({
      schema: z.object({ a: z.string(), b: z.string() }).refine((v) => v.a === v.b, "They must match."),
      auth: "public",
      handler: () => "ok",
    });
    const result = await action(
      null,
      form([
        ["a", "1"],
        ["b", "2"],
      ]),
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toBe("They must match.");
  });

  it("passes parsed input to a public handler without resolving claims", async () => {
    const handler = vi.fn(async ({ input }: { input: { name: string } }) => ({ hello: input.name }));
    const action = defineAction({ schema, auth: "public", handler, successMessage: (d) => `Hi ${d.hello}` });
    const result = await action(null, form([["name", " Ada "]]));
    expect(result).toEqual({ ok: true, data: { hello: "Ada" }, message: "Hi Ada" });
    expect(getClaims).not.toHaveBeenCalled();
  });

  it("gives a user handler the verified claims", async () => {
    const handler = vi.fn(async ({ claims: c }: { claims: UserClaims }) => c.sub);
    const action = defineAction({ schema, auth: "user", handler, successMessage: "Saved." });
    expect(await action(null, form([["name", "Ada"]]))).toEqual({
      ok: true,
      data: claims.sub,
      message: "Saved.",
    });
  });

  it("refuses a user action without a session", async () => {
    getClaims.mockResolvedValue(null);
    const handler = vi.fn();
    const action = defineAction({ schema, auth: "user", handler });
    const result = await action(null, form([["name", "Ada"]]));
    expect(result).toEqual({
      ok: false,
      error: { code: "unauthenticated", message: UNAUTHENTICATED_MESSAGE },
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it("returns a thrown AppError as it is", async () => {
    const action = defineAction({
      schema,
      auth: "user",
      handler: () => {
        throw new AppError("conflict", "That name is taken.", { name: ["Taken."] });
      },
    });
    expect(await action(null, form([["name", "Ada"]]))).toEqual({
      ok: false,
      error: { code: "conflict", message: "That name is taken.", fields: { name: ["Taken."] } },
    });
  });

  it("maps database errors through toAppError", async () => {
    const action = defineAction({
      schema,
      auth: "user",
      handler: () => {
        throw Object.assign(new Error("new row violates row-level security policy"), { code: "42501" });
      },
    });
    const result = await action(null, form([["name", "Ada"]]));
    expect(result).toEqual({
      ok: false,
      error: { code: "forbidden", message: "You do not have permission to do that." },
    });
  });

  it("hides unknown failures behind a generic message, with no stack", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const action = defineAction({
      schema,
      auth: "public",
      handler: () => {
        throw new Error("ECONNREFUSED 127.0.0.1:54322 at Socket.connect (node:net:1)");
      },
    });
    const result = await action(null, form([["name", "Ada"]]));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("internal");
    expect(JSON.stringify(result)).not.toMatch(/ECONNREFUSED|node:net|stack/);
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });

  it("lets redirect() through to Next", async () => {
    const action = defineAction({
      schema,
      auth: "public",
      handler: () => redirect("/dashboard"),
    });
    const thrown = await action(null, form([["name", "Ada"]])).then(
      () => null,
      (e: unknown) => e,
    );
    expect(thrown).toBeInstanceOf(Error);
    expect(String((thrown as { digest?: unknown }).digest)).toMatch(/^NEXT_REDIRECT;.*;\/dashboard;/);
  });
});
