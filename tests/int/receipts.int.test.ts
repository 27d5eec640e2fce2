import { randomUUID } from "node:crypto";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from "vitest";
import type { Sql, UserClaims } from "@/lib/db/client";
import { NO_PROVIDER_MESSAGE, type ReceiptView } from "@/lib/commissions/receipt-files";
import { startWorker, type EngineWorker } from "@/lib/engine/worker";
import { testSql } from "@/tests/support/db";
import { startLlmServer, type ContentPart, type LlmTestServer, textOf } from "@/tests/support/llm-server";
import { createTenant, deleteTenants, tryAsUser, type TestTenant } from "@/tests/support/tenants";

// The route handlers and server actions read the session: the signed-in user's verified claims are given.
const signedIn = vi.hoisted(() => ({ claims: null as UserClaims | null }));
vi.mock("@/lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/session")>()),
  getClaims: async () => signedIn.claims,
}));
vi.mock("next/cache", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/cache")>()),
  revalidatePath: () => {},
}));

const receiptsRoute = await import("@/app/(app)/o/[slug]/commissions/receipts/route");
const fileRoute = await import("@/app/(app)/o/[slug]/commissions/receipts/[id]/file/route");
const { correctReceiptAction, deleteReceiptAction, retryReceiptAction } =
  await import("@/lib/commissions/actions/receipts");

// A 1×1 PNG.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
// The RIFF/WEBP header of a WebP file (the content is never decoded here).
const WEBP = Buffer.concat([
  Buffer.from("RIFF"),
  Buffer.from([0x1a, 0, 0, 0]),
  Buffer.from("WEBPVP8L"),
  Buffer.alloc(18, 1),
]);

async function receiptPdf(lines: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([400, 500]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  lines.forEach((line, i) => page.drawText(line, { x: 40, y: 450 - i * 24, size: 12, font }));
  return Buffer.from(await doc.save());
}

/**
 * Receipts end to end: the upload route (type by content, size limit), the extraction job run by a
 * real worker against the local OpenAI-protocol server (a PDF's text, a photo as an image part),
 * no provider → typed in, bad files → clear 4xx or a failed status with the reason, the file route
 * under RLS, correcting, retrying and deleting.
 */
describe("opportunity receipts", () => {
  let sql: Sql;
  let a: TestTenant;
  let b: TestTenant;
  let llm: LlmTestServer;
  let worker: EngineWorker;
  let saleId: string;

  beforeAll(async () => {
    sql = testSql(4);
    [a, b] = await Promise.all([createTenant(sql, "ReceiptsA"), createTenant(sql, "ReceiptsB")]);
    llm = await startLlmServer();
    worker = await startWorker({
      connectionString: inject("appDatabaseUrl"),
      concurrency: 2,
      pollInterval: 100,
      schedules: false,
    });
    const [sale] = await sql<{ id: string }[]>`
      insert into sales_transactions (organization_id, source, external_id, opportunity_id, amount_minor, currency, paid_at)
      values (${a.id}, 'manual', ${`inv-${randomUUID()}`}, 'opp-receipts', 250000, 'EUR', now()) returning id`;
    saleId = sale!.id;
  });

  afterEach(() => {
    delete process.env.LLM_BASE_URL;
    delete process.env.LLM_API_KEY;
    delete process.env.LLM_MODEL;
  });

  afterAll(async () => {
    await worker?.stop();
    await llm?.close();
    await deleteTenants(sql, [a, b]);
    await sql.end();
  });

  const withProvider = () => Object.assign(process.env, llm.env, { LLM_MODEL: "gpt-4o-mini" });

  async function upload(
    claims: UserClaims | null,
    file: { bytes: Uint8Array; name: string; type?: string } | null,
    fields: Record<string, string> = { transaction_id: saleId },
    slug = a.slug,
  ) {
    signedIn.claims = claims;
    const form = new FormData();
    if (file) form.set("file", new File([new Uint8Array(file.bytes)], file.name, { type: file.type ?? "" }));
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    const res = await receiptsRoute.POST(
      new Request(`http://localhost/o/${slug}/commissions/receipts`, { method: "POST", body: form }),
      { params: Promise.resolve({ slug }) },
    );
    return { res, body: await res.json() };
  }

  async function readFile(claims: UserClaims | null, id: string, slug = a.slug, query = "") {
    signedIn.claims = claims;
    return fileRoute.GET(new Request(`http://localhost/o/${slug}/commissions/receipts/${id}/file${query}`), {
      params: Promise.resolve({ slug, id }),
    });
  }

  async function list(claims: UserClaims): Promise<ReceiptView[]> {
    signedIn.claims = claims;
    const res = await receiptsRoute.GET(
      new Request(`http://localhost/o/${a.slug}/commissions/receipts?transaction=${saleId}`),
      { params: Promise.resolve({ slug: a.slug }) },
    );
    expect(res.status).toBe(200);
    return ((await res.json()) as { receipts: ReceiptView[] }).receipts;
  }

  /** The receipt once the job has finished with it (as the API shows it). */
  async function settled(id: string): Promise<ReceiptView> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = (await list(a.members.sales)).find((r) => r.id === id);
      if (found && found.status !== "pending" && found.status !== "processing") return found;
      if (Date.now() > deadline) throw new Error(`receipt ${id} still ${found?.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  function form(fields: Record<string, string>): FormData {
    const data = new FormData();
    for (const [k, v] of Object.entries(fields)) data.set(k, v);
    return data;
  }

  it("reads a PDF receipt's total, date and vendor through the AI provider, exactly", async () => {
    withProvider();
    const pdf = await receiptPdf([
      "Office Mart",
      "Receipt 1043",
      "Date: 2026-03-14",
      "Subtotal: 1,100.00",
      "Total: 1,234.56 USD",
    ]);
    const before = llm.requests.length;
    const { res, body } = await upload(a.members.sales, { bytes: pdf, name: "office-mart.pdf" });
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body.receipt).toMatchObject({
      status: "pending",
      contentType: "application/pdf",
      transactionId: saleId,
      opportunityId: "opp-receipts",
      fileName: "office-mart.pdf",
      sizeBytes: pdf.length,
    });
    const done = await settled(body.receipt.id);
    expect(done).toMatchObject({
      status: "extracted",
      method: "ai",
      amountMinor: "123456",
      currency: "USD",
      date: "2026-03-14",
      vendor: "Office Mart",
      error: null,
    });
    const sent = llm.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ model: "gpt-4o-mini", temperature: 0 });
    expect(sent[0]!.messages[0]!.content).toMatch(/^You read receipts/);
    // One text part: sent as plain text.
    expect(textOf(sent[0]!.messages[1]!.content)).toContain("Total: 1,234.56 USD");

    // The file comes back as it was sent, to a member, inline or as a download.
    const file = await readFile(a.members.viewer, body.receipt.id);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("application/pdf");
    expect(file.headers.get("content-disposition")).toBe(
      `inline; filename="office-mart.pdf"; filename*=UTF-8''office-mart.pdf`,
    );
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await file.arrayBuffer()).equals(pdf)).toBe(true);
    const download = await readFile(a.members.viewer, body.receipt.id, a.slug, "?download=1");
    expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename="office-mart.pdf"/);
  });

  it("sends a photo as an image content part and stores what the model read", async () => {
    withProvider();
    llm.answerNext(
      '{"amount": "45.5", "currency": "eur", "date": "2026-02-01", "vendor": "  Café   Lumière "}',
    );
    const before = llm.requests.length;
    // Named .jpg, declared as JPEG: the content (PNG) decides.
    const { res, body } = await upload(a.members.sales, { bytes: PNG, name: "café.jpg", type: "image/jpeg" });
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body.receipt.contentType).toBe("image/png");
    const done = await settled(body.receipt.id);
    expect(done).toMatchObject({
      status: "extracted",
      amountMinor: "4550",
      currency: "EUR",
      date: "2026-02-01",
      vendor: "Café Lumière",
    });
    const parts = llm.requests[before]!.messages[1]!.content as ContentPart[];
    const image = parts.find((p) => p.type === "image_url") as Extract<ContentPart, { type: "image_url" }>;
    expect(image.image_url.url).toBe(`data:image/png;base64,${PNG.toString("base64")}`);

    const file = await readFile(a.members.owner, body.receipt.id);
    expect(file.headers.get("content-type")).toBe("image/png");
    expect(file.headers.get("content-disposition")).toBe(
      `inline; filename="caf_.jpg"; filename*=UTF-8''caf%C3%A9.jpg`,
    );
  });

  it("keeps what was read and asks for the rest when the model could not read everything", async () => {
    withProvider();
    llm.answerNext('```json\n{"amount": 12, "currency": null, "date": "2026-02-30", "vendor": null}\n```');
    const { res, body } = await upload(a.members.sales, { bytes: WEBP, name: "scan.webp" });
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body.receipt.contentType).toBe("image/webp");
    const done = await settled(body.receipt.id);
    // No currency on the receipt: the transaction's (EUR) is used; the impossible date is not kept.
    expect(done).toMatchObject({
      status: "needs_review",
      amountMinor: "1200",
      currency: "EUR",
      date: null,
      vendor: null,
      error: "The AI provider could not read the date and vendor — type them in.",
    });
  });

  it("without an AI provider, a receipt waits for a person to type it in, and then holds their values", async () => {
    const before = llm.requests.length;
    const pdf = await receiptPdf(["Hardware Hub", "Total: 99.00 USD"]);
    const { res, body } = await upload(a.members.sales, { bytes: pdf, name: "hub.pdf" });
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body.receipt).toMatchObject({ status: "needs_review", error: NO_PROVIDER_MESSAGE });
    expect(NO_PROVIDER_MESSAGE).toBe("No AI provider configured — type the amount, date and vendor in.");

    signedIn.claims = a.members.sales;
    const bad = await correctReceiptAction(
      null,
      form({
        organization: a.slug,
        id: body.receipt.id,
        amount: "twelve",
        currency: "USD",
        date: "2026-02-30",
        vendor: "",
      }),
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.error.fields ?? {}).sort()).toEqual(["amount", "date", "vendor"]);

    const saved = await correctReceiptAction(
      null,
      form({
        organization: a.slug,
        id: body.receipt.id,
        amount: "1,200.05",
        currency: "usd",
        date: "2026-03-01",
        vendor: "Hardware Hub",
      }),
    );
    expect(saved).toMatchObject({ ok: true });
    const row = (await list(a.members.sales)).find((r) => r.id === body.receipt.id);
    expect(row).toMatchObject({
      status: "typed",
      method: "manual",
      amountMinor: "120005",
      currency: "USD",
      date: "2026-03-01",
      vendor: "Hardware Hub",
      error: null,
    });
    // Reading again without a provider keeps it waiting for a person, with the same message.
    const retried = await retryReceiptAction(null, form({ organization: a.slug, id: body.receipt.id }));
    expect(retried).toMatchObject({ ok: false, error: { code: "conflict" } });
    expect(llm.requests.length).toBe(before);
  });

  it("refuses a wrong type, an empty or too large file and bad fields with a clear 4xx", async () => {
    const cases: [Parameters<typeof upload>[1], Record<string, string> | undefined, number, RegExp][] = [
      [
        { bytes: Buffer.from("hello"), name: "notes.txt", type: "text/plain" },
        undefined,
        400,
        /PDF or a photo/,
      ],
      [
        { bytes: Buffer.from("<html>"), name: "fake.pdf", type: "application/pdf" },
        undefined,
        400,
        /does not match/,
      ],
      [{ bytes: Buffer.alloc(0), name: "empty.pdf" }, undefined, 400, /empty/],
      [
        {
          bytes: Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(10 * 1024 * 1024)]),
          name: "big.pdf",
        },
        undefined,
        413,
        /at most 10 MB/,
      ],
      [null, undefined, 400, /Choose a file/],
      [{ bytes: PNG, name: "a.png" }, { transaction_id: "not-a-uuid" }, 400, /not valid/],
      [{ bytes: PNG, name: "a.png" }, {}, 400, /not valid/],
      [
        { bytes: PNG, name: "a.png" },
        { transaction_id: randomUUID() },
        404,
        /transaction could not be found/,
      ],
    ];
    for (const [file, fields, status, message] of cases) {
      const { res, body } = await upload(a.members.sales, file, fields);
      expect(res.status, `${file?.name}: ${JSON.stringify(body)}`).toBe(status);
      expect(body.error.message).toMatch(message);
    }
    // Not multipart at all.
    signedIn.claims = a.members.sales;
    const raw = await receiptsRoute.POST(
      new Request(`http://localhost/o/${a.slug}/commissions/receipts`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      }),
      { params: Promise.resolve({ slug: a.slug }) },
    );
    expect(raw.status).toBe(400);
    // Signed out, and without the permission to add sales.
    expect((await upload(null, { bytes: PNG, name: "a.png" })).res.status).toBe(401);
    expect((await upload(a.members.bot_trainer, { bytes: PNG, name: "a.png" })).res.status).toBe(403);
    expect((await upload(a.members.viewer, { bytes: PNG, name: "a.png" })).res.status).toBe(403);
  });

  it("ends a damaged PDF, a failing provider and a non-JSON answer as failed with the reason", async () => {
    withProvider();
    const damaged = await upload(a.members.sales, {
      bytes: Buffer.from("%PDF-1.7\nthis is not really a PDF at all\n%%EOF"),
      name: "damaged.pdf",
    });
    expect(damaged.res.status).toBe(201);
    expect(await settled(damaged.body.receipt.id)).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/^This PDF could not be read: the file seems damaged/),
    });

    // Down for longer than the one retry.
    llm.fail(503, 2);
    const failing = await upload(a.members.sales, { bytes: PNG, name: "down.png" });
    const failed = await settled(failing.body.receipt.id);
    expect(failed).toMatchObject({ status: "failed", amountMinor: null });
    expect(failed.error).toMatch(/^The AI provider answered 503: The server had an error\./);

    // Reading it again once the provider is back.
    llm.answerNext('{"amount":"7","currency":"USD","date":"2026-01-05","vendor":"Cafe"}');
    signedIn.claims = a.members.sales;
    expect(
      await retryReceiptAction(null, form({ organization: a.slug, id: failing.body.receipt.id })),
    ).toMatchObject({ ok: true });
    expect(await settled(failing.body.receipt.id)).toMatchObject({ status: "extracted", amountMinor: "700" });

    llm.answerNext("Sorry, I cannot help with that.");
    const prose = await upload(a.members.sales, { bytes: PNG, name: "prose.png" });
    expect(await settled(prose.body.receipt.id)).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/not the JSON asked for/),
    });
  });

  it("serves a receipt's file only to members of its organization allowed to see sales", async () => {
    const { body } = await upload(a.members.sales, { bytes: PNG, name: "private.png" });
    const id = body.receipt.id as string;
    expect((await readFile(a.members.sales, id)).status).toBe(200);
    // Another organization's owner: not through their own organization, not through A's.
    expect((await readFile(b.members.owner, id, b.slug)).status).toBe(404);
    expect((await readFile(b.members.owner, id, a.slug)).status).toBe(404);
    // A member of A without sales:read, and nobody signed in.
    expect((await readFile(a.members.bot_trainer, id)).status).toBe(403);
    expect((await readFile(null, id)).status).toBe(401);
    expect((await readFile(a.members.owner, "not-a-uuid")).status).toBe(404);
    // Under RLS directly: B's owner sees neither the receipt nor its bytes.
    const seen = await tryAsUser(
      sql,
      b.members.owner,
      (tx) => tx`select 1 from opportunity_receipt_files where receipt_id = ${id}
                 union all select 1 from opportunity_receipts where id = ${id}`,
    );
    expect(seen).toEqual({ ok: true, value: [] });
    const stolen = await tryAsUser(
      sql,
      b.members.owner,
      (tx) => tx`insert into opportunity_receipt_files (organization_id, receipt_id, data)
                 values (${a.id}, ${id}, ${Buffer.from("%PDF-1.4")}) returning id`,
    );
    expect(stolen.ok).toBe(false);
  });

  it("deletes a receipt and its file for those allowed to, after confirmation in the UI", async () => {
    const { body } = await upload(a.members.sales, { bytes: PNG, name: "delete-me.png" });
    const id = body.receipt.id as string;
    signedIn.claims = a.members.sales;
    expect(await deleteReceiptAction(null, form({ organization: a.slug, id }))).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    signedIn.claims = a.members.administrator;
    expect(await deleteReceiptAction(null, form({ organization: a.slug, id }))).toMatchObject({ ok: true });
    const [left] =
      await sql`select count(*)::int as n from opportunity_receipt_files where receipt_id = ${id}`;
    expect(left!.n).toBe(0);
    expect((await readFile(a.members.owner, id)).status).toBe(404);
    expect(await deleteReceiptAction(null, form({ organization: a.slug, id }))).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
  });
});
