import { sql as defaultSql, withServiceRoleBypassingRls, type Sql } from "@/lib/db/client";
import { chunkText, type PageText } from "./chunking";
import {
  extractPdfText,
  PdfReadError as DocumentError,
  type PdfLimits,
  type PdfPageText,
} from "@/lib/files/pdf-text";
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

/** A document that cannot be processed, with the reason shown in the console (PDF reading errors too). */
export { DocumentError };

export const STOPPED_MESSAGE =
  "Processing stopped before it finished (the file may be too large or complex, or the server restarted). " +
  "Retry it, or upload a smaller file.";

export async function processDocument(
  documentId: string,
  db: Sql = defaultSql(),
  /** Called after each progress update is committed (tests watch the row move). */
  onProgress?: (progress: number) => Promise<void> | void,
): Promise<"ready" | "failed" | "skipped"> {
  const loaded = await claimDocument(documentId, db);
  if (!loaded) return "skipped";
  if (loaded === "stopped") return "failed";
  const { doc, data } = loaded;
  const setProgress: SetProgress = async (value, extra = {}) => {
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
    const pages = await readPages(doc, data, setProgress);
    const chunks = chunkText(pages, { markdown: doc.mime_type === "text/markdown", title: doc.title });
    await setProgress(85);
    const vectors = await embedChunks(chunks, setProgress);
    await storeChunks(doc, chunks, vectors, db);
    return "ready";
  } catch (e) {
    const message = failureMessage(e);
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

type SetProgress = (value: number, extra?: Record<string, unknown>) => Promise<void>;

/** Locks the document and marks it processing: its row and file, or why there is nothing to do. */
async function claimDocument(
  documentId: string,
  db: Sql,
): Promise<{ doc: DocRow; data: Buffer | null } | "stopped" | null> {
  return withServiceRoleBypassingRls(async (tx) => {
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
}

/** The document's text, page by page (a PDF's pages are most of the work: progress 1–80 %). */
async function readPages(doc: DocRow, data: Buffer, setProgress: SetProgress): Promise<PageText[]> {
  let pages: PageText[];
  if (doc.mime_type === "application/pdf") {
    pages = await extractPdf(new Uint8Array(data), async (page, total) => {
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
  return pages;
}

type Chunks = ReturnType<typeof chunkText>;

/** The chunks' vectors when an embedding provider is configured (64 at a time), else null. */
async function embedChunks(chunks: Chunks, setProgress: SetProgress): Promise<number[][] | null> {
  if (!embeddingConfig()) return null;
  const vectors: number[][] = [];
  for (let i = 0; i < chunks.length; i += 64) {
    vectors.push(...(await embed(chunks.slice(i, i + 64).map((c) => `${c.heading}\n${c.content}`))));
    await setProgress(85 + (10 * Math.min(chunks.length, i + 64)) / chunks.length);
  }
  return vectors;
}

/** Replaces the document's chunks (and vectors) and marks it ready, in one transaction. */
async function storeChunks(doc: DocRow, chunks: Chunks, vectors: number[][] | null, db: Sql): Promise<void> {
  await withServiceRoleBypassingRls(async (tx) => {
    await tx`delete from public.document_chunks where document_id = ${doc.id}`;
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
             where id = ${doc.id}`;
    await tx`delete from public.document_files where document_id = ${doc.id}`;
  }, db);
}

/** What the console says of a failure: the reason a person can act on. */
function failureMessage(e: unknown): string {
  const name = (e as Error).name ?? "";
  return e instanceof DocumentError
    ? e.message
    : name === "PasswordException" || /password/i.test((e as Error).message)
      ? "This PDF is protected by a password. Upload it without the password."
      : name === "InvalidPDFException" ||
          /Invalid PDF|corrupt|bad XRef|FormatError/i.test(`${name} ${(e as Error).message}`)
        ? "This PDF could not be read: the file seems damaged."
        : `The document could not be processed: ${((e as Error).message || name || "unknown error").slice(0, 300)}`;
}

export type { PdfLimits };
export { PDF_TOO_MUCH_DATA_MESSAGE, PDF_TOO_MUCH_MEMORY_MESSAGE } from "@/lib/files/pdf-text";

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

/** The text of a knowledge-base PDF (lib/files/pdf-text.ts), page by page, under pdfLimits(). */
export function extractPdf(
  data: Uint8Array,
  onPage: (page: number, total: number) => Promise<void> | void = () => {},
  limits: PdfLimits = pdfLimits(),
): Promise<PdfPageText[]> {
  return extractPdfText(data, onPage, limits);
}
