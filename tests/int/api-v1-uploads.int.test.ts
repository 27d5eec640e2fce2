import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as documents from "@/app/api/v1/knowledge_documents/route";
import * as notifications from "@/app/api/v1/notifications/route";
import * as readAll from "@/app/api/v1/notifications/read_all/route";
import { MAX_PDF_BYTES, MAX_TEXT_BYTES } from "@/lib/chatbots/documents";
import type { Sql } from "@/lib/db/client";
import { apiKeyFor, callApi } from "@/tests/support/api";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, fixtureId, type TestTenant } from "@/tests/support/tenants";

/** Knowledge documents uploaded as multipart files through /api/v1 (413, 415 before any work), and notifications read in bulk. */

async function upload(
  key: string,
  parts: { file?: { name: string; type?: string; bytes: Uint8Array }; fields?: Record<string, string> },
  headers: Record<string, string> = {},
) {
  const form = new FormData();
  if (parts.file)
    form.set(
      "file",
      new File([new Uint8Array(parts.file.bytes)], parts.file.name, { type: parts.file.type ?? "" }),
    );
  for (const [name, value] of Object.entries(parts.fields ?? {})) form.set(name, value);
  const request = new NextRequest("http://localhost/api/v1/knowledge_documents", {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, ...headers },
    body: form,
  });
  const response = await documents.POST(request, { params: Promise.resolve({} as never) });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

const text = (s: string) => new TextEncoder().encode(s);

describe("API v1 uploads", () => {
  let sql: Sql;
  let a: TestTenant;
  let b: TestTenant;
  let key: string;
  let readOnly: string;
  let bot: string;

  const documentCount = async () =>
    (await sql`select count(*)::int as n from documents where organization_id = ${a.id}`)[0]!.n as number;

  beforeAll(async () => {
    sql = testSql();
    [a, b] = await Promise.all([createTenant(sql, "Upload A"), createTenant(sql, "Upload B")]);
    key = await apiKeyFor(a.members.owner, a.id, ["bots:read", "bots:create", "organizations:read"]);
    readOnly = await apiKeyFor(a.members.owner, a.id, ["bots:read"]);
    bot = fixtureId(a, "bot");
  });
  afterAll(async () => {
    await deleteTenants(sql, [a, b]);
    await sql.end();
  });

  it("adds a Markdown file and a PDF, kept as sent, and queues their processing", async () => {
    const md = await upload(key, {
      file: { name: "hours.md", bytes: text("# Hours\n\nNine to five.") },
      fields: { bot_id: bot, title: "Opening hours" },
    });
    expect(md.status, JSON.stringify(md.body)).toBe(201);
    expect(md.body).toMatchObject({
      title: "Opening hours",
      source: "upload",
      mime_type: "text/markdown",
      file_name: "hours.md",
      status: "pending",
    });
    const pdf = await upload(key, {
      // Named .txt and declared text: the content decides.
      file: { name: "brochure.txt", type: "text/plain", bytes: text("%PDF-1.4\n%fixture\n") },
      fields: { bot_id: bot },
    });
    expect(pdf.status, JSON.stringify(pdf.body)).toBe(201);
    expect(pdf.body).toMatchObject({ title: "brochure", mime_type: "application/pdf" });
    const [file] = await sql`select data from document_files where document_id = ${md.body.id}`;
    expect(Buffer.from(file!.data).toString()).toBe("# Hours\n\nNine to five.");
    const jobs = await sql`select key from graphile_worker.jobs where key = any(${[
      `document:${md.body.id}`,
      `document:${pdf.body.id}`,
    ]})`;
    expect(jobs).toHaveLength(2);
  });

  it("answers 413 in the error shape past the size limits, and writes nothing", async () => {
    const before = await documentCount();
    const bigText = await upload(key, {
      file: { name: "big.txt", bytes: new Uint8Array(MAX_TEXT_BYTES + 1).fill(97) },
      fields: { bot_id: bot },
    });
    expect(bigText.status).toBe(413);
    expect(bigText.body).toEqual({
      error: { code: "payload_too_large", message: "Files may be at most 2 MB." },
    });
    const huge = await upload(key, {
      file: { name: "huge.pdf", bytes: new Uint8Array(MAX_PDF_BYTES + 100 * 1024).fill(37) },
      fields: { bot_id: bot },
    });
    expect(huge.status).toBe(413);
    expect(huge.body.error).toEqual({ code: "payload_too_large", message: "Files may be at most 10 MB." });
    expect(await documentCount()).toBe(before);
  });

  it("answers 415 for a file of another type, one named .pdf that is not, and a body that is neither", async () => {
    const before = await documentCount();
    for (const file of [
      { name: "setup.exe", type: "application/octet-stream", bytes: text("MZ\x90\x00") },
      { name: "fake.pdf", type: "application/pdf", bytes: text("not a pdf at all") },
    ]) {
      const res = await upload(key, { file, fields: { bot_id: bot } });
      expect(res.status, file.name).toBe(415);
      expect(res.body).toEqual({
        error: {
          code: "unsupported_media_type",
          message: "Upload a PDF, a plain-text (.txt) or a Markdown (.md) file.",
        },
      });
    }
    const xml = await documents.POST(
      new NextRequest("http://localhost/api/v1/knowledge_documents", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/xml" },
        body: "<doc/>",
      }),
      { params: Promise.resolve({} as never) },
    );
    expect(xml.status).toBe(415);
    expect((await xml.json()).error.code).toBe("unsupported_media_type");
    expect(await documentCount()).toBe(before);
  });

  it("refuses a form without a file or bot (400), another organization's bot (404), a key without bots:create (403)", async () => {
    const noFile = await upload(key, { fields: { bot_id: bot } });
    expect(noFile.status).toBe(400);
    expect(noFile.body.error.fields).toEqual({ file: ["Send the file in a part named `file`."] });
    const noBot = await upload(key, { file: { name: "a.txt", bytes: text("hello") } });
    expect(noBot.status).toBe(400);
    expect(Object.keys(noBot.body.error.fields)).toEqual(["bot_id"]);
    const theirs = await upload(key, {
      file: { name: "a.txt", bytes: text("hello") },
      fields: { bot_id: fixtureId(b, "bot") },
    });
    expect(theirs.status).toBe(404);
    const refused = await upload(readOnly, {
      file: { name: "a.txt", bytes: text("hello") },
      fields: { bot_id: bot },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe("This API key does not have the bots:create permission.");
  });

  it("replays a retried upload with the same Idempotency-Key (a new multipart boundary) and adds one document", async () => {
    const before = await documentCount();
    const parts = { file: { name: "once.txt", bytes: text("Only once.") }, fields: { bot_id: bot } };
    const headers = { "Idempotency-Key": `upload-${Date.now()}` };
    const first = await upload(key, parts, headers);
    const again = await upload(key, parts, headers);
    expect(first.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const other = await upload(
      key,
      { ...parts, file: { name: "once.txt", bytes: text("Changed.") } },
      headers,
    );
    expect(other.status).toBe(422);
    expect(await documentCount()).toBe(before + 1);
  });

  it("marks the creator's unread notifications read, up to an instant", async () => {
    await sql`insert into notifications (organization_id, recipient_user_id, title, created_at)
              values (${a.id}, ${a.members.owner.sub}, 'Old', now() - interval '1 hour'),
                     (${a.id}, ${a.members.owner.sub}, 'Older', now() - interval '2 hours'),
                     (${a.id}, ${a.members.owner.sub}, 'New', now() + interval '1 minute'),
                     (${a.id}, ${a.members.sales.sub}, 'Not theirs', now() - interval '1 hour')`;
    const until = new Date(Date.now() - 60_000).toISOString();
    const res = await callApi(readAll.POST, "POST", "/api/v1/notifications/read_all", {
      key,
      body: { until },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ read: 2 });
    const unread = await callApi(notifications.GET, "GET", "/api/v1/notifications?unread=true", { key });
    expect(unread.body.data.map((n: { title: string }) => n.title).sort()).toEqual(["Fixture", "New"].sort());
    const bad = await callApi(readAll.POST, "POST", "/api/v1/notifications/read_all", {
      key,
      body: { until: "soon" },
    });
    expect(bad.status).toBe(400);
    const [theirs] =
      await sql`select read_at from notifications where title = 'Not theirs' and organization_id = ${a.id}`;
    expect(theirs!.read_at).toBeNull();
  });
});
