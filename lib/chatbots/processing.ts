import { Worker } from "node:worker_threads";
import { sql as defaultSql, withServiceRoleBypassingRls, type Sql } from "@/lib/db/client";
import { chunkText, type PageText } from "./chunking";
import { MAX_PDF_PAGES } from "./documents";
import { embed, embeddingConfig } from "./embeddings";
import { storeVectors } from "./vector-store";

/**
 * The knowledge-base job (`chatbots_process_document`, run by the worker): extracts a document's
 * text (PDF page by page with pdfjs, text and Markdown as they are), chunks it with overlap and
 * writes the chunks (with embeddings when an embedding provider is configured). Progress is written in
 * its own small transactions as it goes, so the console shows it move; failures end in status
 * `failed` with a reason a person can act on. Runs on the service path: the document's row says
 * its organization and bot.
 */

type DocRow = {
  id: string;
  organization_id: string;
  bot_id: string;
  title: string;
  mime_type: string;
  status: string;
};

export class DocumentError extends Error {}

export const STOPPED_MESSAGE =
  "Processing stopped before it finished (the file may be too large or complex, or the server restarted). " +
  "Retry it, or upload a smaller file.";

export async function processDocument(
  documentId: string,
  db: Sql = defaultSql(),
  /** Called after each progress update is committed (tests watch the row move). */
  onProgress?: (progress: number) => Promise<void> | void,
): Promise<"ready" | "failed" | "skipped"> {
  const loaded = await withServiceRoleBypassingRls(async (tx) => {
    const [doc] = await tx<DocRow[]>`
      select id, organization_id, bot_id, title, mime_type, status from public.documents where id = ${documentId} for update`;
    if (!doc || doc.status === "ready") return null; // deleted before its turn, or a repeated job
    // Every run ends the document ready or failed; one still processing means the run before
    // this one died on it (a file that crashes the worker, or a restart). Fail it rather than
    // have each retry take the worker down again; the member can retry it from the console.
    if (doc.status === "processing") {
      await tx`update public.documents set status = 'failed', progress = 0, error = ${STOPPED_MESSAGE}
               where id = ${documentId}`;
      return "stopped" as const;
    }
    const [file] = await tx<
      { data: Buffer }[]
    >`select data from public.document_files where document_id = ${documentId}`;
    await tx`update public.documents set status = 'processing', progress = 1, error = null where id = ${documentId}`;
    return { doc, data: file?.data ?? null };
  }, db);
  if (!loaded) return "skipped";
  if (loaded === "stopped") return "failed";
  const { doc, data } = loaded;
  const setProgress = async (value: number, extra: Record<string, unknown> = {}) => {
    const progress = Math.max(1, Math.min(99, Math.round(value)));
    await withServiceRoleBypassingRls(
      (tx) => tx`update public.documents set ${tx({ progress, ...extra } as never)}
                 where id = ${documentId} and status = 'processing'`,
      db,
    );
    await onProgress?.(progress);
  };
  try {
    if (!data) throw new DocumentError("The file of this document is no longer kept. Upload it again.");
    let pages: PageText[];
    if (doc.mime_type === "application/pdf") {
      pages = await extractPdf(new Uint8Array(data), async (page, total) => {
        // Reading pages is most of the work: 1–80 %.
        await setProgress((page / total) * 80, page === 1 ? { page_count: total } : {});
      });
    } else {
      pages = [{ page: null, text: new TextDecoder("utf-8").decode(data) }];
    }
    if (!pages.some((p) => p.text.trim()))
      throw new DocumentError(
        doc.mime_type === "application/pdf"
          ? "No text could be read from this PDF (it may be scanned images). Upload a PDF with selectable text."
          : "The document has no text.",
      );
    const chunks = chunkText(pages, { markdown: doc.mime_type === "text/markdown", title: doc.title });
    await setProgress(85);
    let vectors: number[][] | null = null;
    if (embeddingConfig()) {
      vectors = [];
      for (let i = 0; i < chunks.length; i += 64) {
        vectors.push(...(await embed(chunks.slice(i, i + 64).map((c) => `${c.heading}\n${c.content}`))));
        await setProgress(85 + (10 * Math.min(chunks.length, i + 64)) / chunks.length);
      }
    }
    await withServiceRoleBypassingRls(async (tx) => {
      await tx`delete from public.document_chunks where document_id = ${documentId}`;
      for (let i = 0; i < chunks.length; i += 500) {
        const rows = chunks.slice(i, i + 500).map((c) => ({
          organization_id: doc.organization_id,
          bot_id: doc.bot_id,
          document_id: doc.id,
          position: c.position,
          heading: c.heading,
          content: c.content,
          token_count: c.tokenCount,
          page: c.page,
        }));
        const inserted = await tx<{ id: string; position: number }[]>`
          insert into public.document_chunks ${tx(rows)} returning id, position`;
        if (vectors)
          await storeVectors(
            tx,
            inserted.map((r) => r.id),
            inserted.map((r) => vectors[r.position]!),
          );
      }
      await tx`update public.documents
               set status = 'ready', progress = 100, chunk_count = ${chunks.length}, processed_at = now(), error = null
               where id = ${documentId}`;
      await tx`delete from public.document_files where document_id = ${documentId}`;
    }, db);
    return "ready";
  } catch (e) {
    const name = (e as Error).name ?? "";
    const message =
      e instanceof DocumentError
        ? e.message
        : name === "PasswordException" || /password/i.test((e as Error).message)
          ? "This PDF is protected by a password. Upload it without the password."
          : name === "InvalidPDFException" ||
              /Invalid PDF|corrupt|bad XRef|FormatError/i.test(`${name} ${(e as Error).message}`)
            ? "This PDF could not be read: the file seems damaged."
            : `The document could not be processed: ${((e as Error).message || name || "unknown error").slice(0, 300)}`;
    if (!(e instanceof DocumentError) && !message.startsWith("This PDF"))
      console.error(`[chatbots] document ${documentId} failed:`, e);
    await withServiceRoleBypassingRls(
      (tx) =>
        tx`update public.documents set status = 'failed', error = ${message}, progress = 0 where id = ${documentId}`,
      db,
    );
    return "failed";
  }
}

export type PdfLimits = {
  /** Whole-file time limit; the reading thread is terminated past it. */
  timeoutMs: number;
  maxPages: number;
  /** Characters of text taken from one PDF (a small file can inflate to far more). */
  maxChars: number;
  /** Heap of the reading thread, in MB. */
  maxMemoryMb: number;
  /** Bytes one stream may decode to (its filter chain's stages summed), checked before pdf.js. */
  maxStreamBytes: number;
  /** Bytes all of the file's streams may decode to together. */
  maxDecodedBytes: number;
  /**
   * How much the process's resident memory may grow while the file is read, in MB: decoded data
   * lives outside the thread's heap, and streams the check above cannot see into (an encrypted
   * file's) are bounded by this watchdog, which terminates the thread.
   */
  maxRssGrowthMb: number;
};

/**
 * Knowledge-base PDFs: 10 MB files of up to 500 pages. Decoded streams: 64 MB for one (a large
 * lossless image), 256 MB for the file; images are decoded here only as far as their compression,
 * and pdf.js reads text without decoding them. Memory: the thread's heap at 512 MB, the process
 * growing by at most 512 MB while reading.
 */
export function pdfLimits(env: Record<string, string | undefined> = process.env): PdfLimits {
  const seconds = Number(env.KNOWLEDGE_PDF_TIMEOUT_SECONDS);
  return {
    timeoutMs: (Number.isFinite(seconds) && seconds > 0 ? seconds : 120) * 1000,
    maxPages: MAX_PDF_PAGES,
    maxChars: 5_000_000,
    maxMemoryMb: 512,
    maxStreamBytes: 64 * 1024 * 1024,
    maxDecodedBytes: 256 * 1024 * 1024,
    maxRssGrowthMb: 512,
  };
}

type WorkerMessage =
  | { type: "page"; page: number; total: number; text: string }
  | { type: "done" }
  | { type: "too_many_pages"; total: number }
  | { type: "too_much_text" }
  | { type: "too_much_data"; reason: "stream" | "total" }
  | { type: "error"; name: string; message: string };

export const PDF_TOO_MUCH_DATA_MESSAGE =
  "This PDF unpacks to far more data than its size suggests (it may be a “zip bomb”), so it was not read. " +
  "Upload a smaller or simpler PDF.";
export const PDF_TOO_MUCH_MEMORY_MESSAGE =
  "This PDF needs too much memory to read. Upload a smaller or simpler PDF.";

/** One PDF is read at a time per process: the memory watchdog measures the process. */
let reading: Promise<unknown> = Promise.resolve();

/**
 * Text of each page of a PDF, calling `onPage(page, total)` after each. pdfjs runs in a worker
 * thread (./pdf-text-worker.mjs) with heap limits, after the file's streams were measured
 * decoded (./pdf-stream-budget.mjs); the thread is terminated past `limits.timeoutMs` or when the
 * process grows by more than `limits.maxRssGrowthMb`. A hostile file ends as a DocumentError with
 * a reason instead of holding the job's worker or its memory.
 */
export function extractPdf(
  data: Uint8Array,
  onPage: (page: number, total: number) => Promise<void> | void = () => {},
  limits: PdfLimits = pdfLimits(),
): Promise<PageText[]> {
  const turn = reading.then(() => readPdf(data, onPage, limits));
  reading = turn.catch(() => {});
  return turn;
}

async function readPdf(
  data: Uint8Array,
  onPage: (page: number, total: number) => Promise<void> | void,
  limits: PdfLimits,
): Promise<PageText[]> {
  const rssAtStart = process.memoryUsage.rss();
  const worker = new Worker(new URL("./pdf-text-worker.mjs", import.meta.url), {
    workerData: {
      data,
      maxPages: limits.maxPages,
      maxChars: limits.maxChars,
      maxStreamBytes: limits.maxStreamBytes,
      maxDecodedBytes: limits.maxDecodedBytes,
    },
    resourceLimits: {
      maxOldGenerationSizeMb: limits.maxMemoryMb,
      maxYoungGenerationSizeMb: 32,
      stackSizeMb: 4,
    },
    stdout: true,
    stderr: true,
  });
  const pages: PageText[] = [];
  // Progress callbacks run one after another, in page order.
  let progress: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let watchdog: NodeJS.Timeout | undefined;
  let finished = false;
  try {
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new DocumentError(
              `Reading this PDF took longer than ${Math.round(limits.timeoutMs / 1000)} seconds. ` +
                "Upload a smaller or simpler PDF, or split it into parts.",
            ),
          ),
        limits.timeoutMs,
      );
      watchdog = setInterval(() => {
        if (process.memoryUsage.rss() - rssAtStart > limits.maxRssGrowthMb * 1024 * 1024) {
          reject(new DocumentError(PDF_TOO_MUCH_MEMORY_MESSAGE));
          void worker.terminate();
        }
      }, 50);
      worker.on("message", (m: WorkerMessage) => {
        switch (m.type) {
          case "page":
            pages.push({ page: m.page, text: m.text });
            progress = progress.then(() => onPage(m.page, m.total)).catch(reject);
            return;
          case "done":
            finished = true;
            progress.then(resolve, reject);
            return;
          case "too_many_pages":
            return reject(
              new DocumentError(`PDFs may have at most ${limits.maxPages} pages; this one has ${m.total}.`),
            );
          case "too_much_text":
            return reject(
              new DocumentError(
                "This PDF holds more text than one document may add to the knowledge base. Split it into parts.",
              ),
            );
          case "too_much_data":
            return reject(new DocumentError(PDF_TOO_MUCH_DATA_MESSAGE));
          case "error":
            return reject(Object.assign(new Error(m.message), { name: m.name }));
        }
      });
      worker.on("error", (e: Error & { code?: string }) =>
        reject(e.code === "ERR_WORKER_OUT_OF_MEMORY" ? new DocumentError(PDF_TOO_MUCH_MEMORY_MESSAGE) : e),
      );
      worker.on("exit", (code) => {
        if (!finished)
          reject(new DocumentError(`Reading this PDF stopped unexpectedly (exit code ${code}).`));
      });
    });
    return pages;
  } finally {
    clearTimeout(timer);
    clearInterval(watchdog);
    await worker.terminate();
  }
}
