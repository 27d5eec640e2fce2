import { Worker } from "node:worker_threads";

/**
 * The text of a PDF, page by page, read safely from a file someone uploaded (a knowledge-base
 * document, a receipt): pdf.js in a worker thread with time, page, text, decoded-data and memory
 * limits, so a hostile file ends as a PdfReadError with a reason a person can act on.
 */

/** One page's text; `page` is null for formats without pages. */
export type PdfPageText = { page: number | null; text: string };

/** A file that could not be read, with a message for the person who uploaded it. */
export class PdfReadError extends Error {}

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
 * process grows by more than `limits.maxRssGrowthMb`. A hostile file ends as a PdfReadError with
 * a reason instead of holding the job's worker or its memory.
 */
export function extractPdfText(
  data: Uint8Array,
  onPage: (page: number, total: number) => Promise<void> | void,
  limits: PdfLimits,
): Promise<PdfPageText[]> {
  const turn = reading.then(() => readPdf(data, onPage, limits));
  reading = turn.catch(() => {});
  return turn;
}

async function readPdf(
  data: Uint8Array,
  onPage: (page: number, total: number) => Promise<void> | void,
  limits: PdfLimits,
): Promise<PdfPageText[]> {
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
  const pages: PdfPageText[] = [];
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
            new PdfReadError(
              `Reading this PDF took longer than ${Math.round(limits.timeoutMs / 1000)} seconds. ` +
                "Upload a smaller or simpler PDF, or split it into parts.",
            ),
          ),
        limits.timeoutMs,
      );
      watchdog = setInterval(() => {
        if (process.memoryUsage.rss() - rssAtStart > limits.maxRssGrowthMb * 1024 * 1024) {
          reject(new PdfReadError(PDF_TOO_MUCH_MEMORY_MESSAGE));
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
              new PdfReadError(`PDFs may have at most ${limits.maxPages} pages; this one has ${m.total}.`),
            );
          case "too_much_text":
            return reject(
              new PdfReadError(
                "This PDF holds more text than one document may add to the knowledge base. Split it into parts.",
              ),
            );
          case "too_much_data":
            return reject(new PdfReadError(PDF_TOO_MUCH_DATA_MESSAGE));
          case "error":
            return reject(Object.assign(new Error(m.message), { name: m.name }));
        }
      });
      worker.on("error", (e: Error & { code?: string }) =>
        reject(e.code === "ERR_WORKER_OUT_OF_MEMORY" ? new PdfReadError(PDF_TOO_MUCH_MEMORY_MESSAGE) : e),
      );
      worker.on("exit", (code) => {
        if (!finished) reject(new PdfReadError(`Reading this PDF stopped unexpectedly (exit code ${code}).`));
      });
    });
    return pages;
  } finally {
    clearTimeout(timer);
    clearInterval(watchdog);
    await worker.terminate();
  }
}
