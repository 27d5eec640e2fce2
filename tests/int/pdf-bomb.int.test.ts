import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBot } from "@/lib/chatbots/bots";
import { createUploadedDocumentTx, getDocument } from "@/lib/chatbots/documents";
import {
  extractPdf,
  pdfLimits,
  processDocument,
  PDF_TOO_MUCH_DATA_MESSAGE,
  PDF_TOO_MUCH_MEMORY_MESSAGE,
} from "@/lib/chatbots/processing";
import { withUser, type Sql } from "@/lib/db/client";
import { testSql } from "@/tests/support/db";
import { pdfBomb } from "@/tests/support/pdf-bomb";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

const MB = 1024 * 1024;
/**
 * The stated bound: reading the bomb grows the resident memory of the process doing the job by
 * less than this (a reading thread and the bounded pre-check). Without the checks it grew by 1.7 GB.
 */
const RSS_GROWTH_BOUND = 200 * MB;

/**
 * PDF bombs: an 816 KB knowledge-base PDF whose one content stream inflates to 800 MB used to
 * take the worker from 97 MB to 1.5 GB. The knowledge-base job (what the worker runs for an
 * upload) is run here, in this process, so its memory is this process's: the document must fail
 * with a clear reason while the process stays small. (Not queued: another test file's worker
 * could take the job into its own process.)
 */
describe("a PDF bomb in the knowledge base", () => {
  let sql: Sql;
  let tenant: TestTenant;
  let botId: string;
  let bomb: Buffer;

  beforeAll(async () => {
    sql = testSql(4);
    tenant = await createTenant(sql, "PdfBomb");
    botId = (await withUser(tenant.members.owner, (tx) => createBot(tx, tenant.id, { name: "Bombed" }), sql))
      .id;
    bomb = await pdfBomb(800 * MB);
  }, 120_000);

  afterAll(async () => {
    await deleteTenants(sql, [tenant]);
    await sql.end();
  });

  it("fails the document with a clear reason, the worker's memory staying bounded", async () => {
    expect(bomb.length).toBeLessThan(1 * MB);
    const doc = await withUser(
      tenant.members.owner,
      (tx) =>
        createUploadedDocumentTx(tx, tenant.id, botId, {
          name: "handbook.pdf",
          type: "application/pdf",
          bytes: bomb,
        }),
      sql,
    );
    global.gc?.();
    const baseline = process.memoryUsage.rss();
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
    try {
      expect(await processDocument(doc.id, sql)).toBe("failed");
    } finally {
      clearInterval(sampler);
    }
    const row = await withUser(tenant.members.owner, (tx) => getDocument(tx, tenant.id, doc.id), sql);
    expect(row).toMatchObject({ status: "failed", error: PDF_TOO_MUCH_DATA_MESSAGE });
    const growth = peak - baseline;
    console.log(
      `[pdf-bomb] ${(bomb.length / 1024).toFixed(0)} KB bomb: RSS ${(baseline / MB).toFixed(0)} MB → ` +
        `peak ${(peak / MB).toFixed(0)} MB (+${(growth / MB).toFixed(0)} MB; bound +${RSS_GROWTH_BOUND / MB} MB)`,
    );
    expect(growth).toBeLessThan(RSS_GROWTH_BOUND);
  }, 60_000);

  it("is stopped by the memory watchdog when the pre-check cannot see into it", async () => {
    // As for an encrypted file, whose streams the pre-check cannot decode: switched off here.
    const unchecked = { ...pdfLimits(), maxStreamBytes: Infinity, maxDecodedBytes: Infinity };
    const baseline = process.memoryUsage.rss();
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
    try {
      await expect(extractPdf(bomb, () => {}, { ...unchecked, maxRssGrowthMb: 150 })).rejects.toThrow(
        PDF_TOO_MUCH_MEMORY_MESSAGE,
      );
    } finally {
      clearInterval(sampler);
    }
    console.log(`[pdf-bomb] watchdog at +150 MB: peak +${((peak - baseline) / MB).toFixed(0)} MB`);
    expect(peak - baseline).toBeLessThan(150 * MB + 150 * MB);
  }, 60_000);
});
