import { existsSync } from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { refuseMalformedRequest, SERVER_ACTION_MAX_BYTES, UPLOAD_ROUTES } from "./request-guard";

const ACTION_ID = "7fec60f9b770e35127fee643b879b89e7278ef99d7";
const HOST = "app.example";

function post(pathname: string, body: BodyInit | null, headers: Record<string, string> = {}): NextRequest {
  return new NextRequest(`https://${HOST}${pathname}`, {
    method: "POST",
    body,
    headers: { host: HOST, ...headers },
  });
}
const action = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  post("/o/acme/workflows", body, { "next-action": ACTION_ID, origin: `https://${HOST}`, ...headers });

async function status(request: NextRequest): Promise<number | null> {
  const refused = await refuseMalformedRequest(request);
  if (!refused) return null;
  const body = (await refused.json()) as { error: { code: string; message: string } };
  expect(body.error.message).toBeTruthy();
  return refused.status;
}

function replyForm(root: string, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  form.set("0", root);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return form;
}

describe("refuseMalformedRequest", () => {
  it("lets ordinary requests and well-formed actions through", async () => {
    expect(await status(new NextRequest(`https://${HOST}/o/acme/workflows`))).toBeNull();
    expect(await status(new NextRequest(`https://${HOST}/o/caf%C3%A9`))).toBeNull();
    const prevState = JSON.stringify({ ok: false, error: { code: "x", message: "$$5 off" } });
    expect(await status(action(replyForm(`[${prevState},"$K1"]`, { "1_organization": "acme" })))).toBeNull();
    expect(
      await status(action(replyForm('["$undefined","$K1","$D2026-01-01T00:00:00.000Z","$n12"]'))),
    ).toBeNull();
    // An object sent twice points at its first place.
    expect(await status(action(replyForm('[{"a":{"b":1}},"$0:0:a"]')))).toBeNull();
    expect(await status(action("[]", { "content-type": "text/plain;charset=UTF-8" }))).toBeNull();
    // No Origin at all: a hand-made request, let through as Next does.
    const noOrigin = post("/o/acme/workflows", replyForm("[null]"), { "next-action": ACTION_ID });
    expect(await status(noOrigin)).toBeNull();
  });

  it("answers malformed %-escapes in the path with 400", async () => {
    for (const bad of ["/api/v1/executions/%ZZ", "/api/webhooks/ghl/%E0%A4%A", "/o/%/workflows"])
      expect(await status(new NextRequest(`https://${HOST}${bad}`))).toBe(400);
  });

  it("answers a Server Action from a foreign or unreadable Origin with 403", async () => {
    for (const origin of ["https://evil.example", "null", "", "::not a url", `https://${HOST}.evil.example`])
      expect(await status(action(replyForm("[null]"), { origin }))).toBe(403);
    // Behind a proxy the forwarded host is the app's.
    const forwarded = action(replyForm("[null]"), {
      host: "internal:3000",
      "x-forwarded-host": HOST,
      origin: `https://${HOST}`,
    });
    expect(await status(forwarded)).toBeNull();
  });

  it("answers bodies Next cannot decode with 400, and oversized ones with 413", async () => {
    const broken = 'garbage\r\n--XYZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue';
    expect(await status(action(broken, { "content-type": "multipart/form-data; boundary=XYZ" }))).toBe(400);
    expect(await status(action("not json", { "content-type": "text/plain" }))).toBe(400);
    expect(await status(action(replyForm("garbage")))).toBe(400);
    expect(await status(action(replyForm("[".repeat(5000) + "]".repeat(5000))))).toBe(400);
    for (const reference of ['["$@9"]', '["$Q1"]', '["$h1"]', '["$T"]', '["$1"]', '["$0:9:x"]', '["$nabc"]'])
      expect(await status(action(replyForm(reference))), reference).toBe(400);
    const big = "x".repeat(SERVER_ACTION_MAX_BYTES + 1);
    expect(await status(action(replyForm("[null]", { "1_a": big })))).toBe(413);
    // A form posted without JavaScript is decoded by Next too, Next-Action header or not.
    expect(
      await status(post("/dashboard", broken, { "content-type": "multipart/form-data; boundary=XYZ" })),
    ).toBe(400);
    const mpa = new FormData();
    mpa.set("$ACTION_REF_1", "");
    mpa.set("$ACTION_1:0", "{broken");
    expect(await status(post("/dashboard", mpa))).toBe(400);
  });

  it("leaves large uploads to the route handlers that take them", async () => {
    const upload = new FormData();
    upload.set("file", new File([new Uint8Array(SERVER_ACTION_MAX_BYTES + 10)], "big.pdf"));
    expect(await status(post("/o/acme/bots/b1/knowledge/upload", upload))).toBeNull();
    expect(await status(post("/o/acme/commissions/receipts", upload))).toBeNull();
    expect(await status(post("/o/acme/workflows", upload))).toBe(413);
    // Each pattern names a route that exists.
    const routes = [
      "app/(app)/o/[slug]/bots/[id]/knowledge/upload",
      "app/(app)/o/[slug]/commissions/receipts",
    ];
    expect(UPLOAD_ROUTES).toHaveLength(routes.length);
    for (const route of routes) expect(existsSync(path.join(process.cwd(), route, "route.ts"))).toBe(true);
  });
});
