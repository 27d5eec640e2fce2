import { z } from "zod";
import { withUser, type Tx, type UserClaims } from "@/lib/db/client";
import { enqueueJob } from "@/lib/queue/queue";
import { AppError } from "@/lib/errors";

/**
 * THE API THE CHATBOT CONSOLE USES for a bot's knowledge base: add a document from typed text,
 * Markdown or an uploaded file (PDF, .txt, .md), list documents with their status and progress,
 * read a document's chunks, retry a failed one, delete. Text extraction and chunking run in a
 * background job (`chatbots_process_document`, lib/chatbots/processing.ts); a document goes
 * pending → processing (progress 0–100, per PDF page) → ready / failed (with the reason).
 *
 * The `…Tx` functions run in the caller's transaction (as the user, under RLS: `bots` resource)
 * and return what to queue after commit; `addDocument`/`retryDocument` do both in one call.
 */

export const PROCESS_DOCUMENT_TASK = "chatbots_process_document";

export const MAX_PDF_BYTES = 10 * 1024 * 1024;
export const MAX_TEXT_BYTES = 2 * 1024 * 1024;
export const MAX_PDF_PAGES = 500;

export const DOCUMENT_MIME_TYPES = ["text/plain", "text/markdown", "application/pdf"] as const;
export type DocumentMimeType = (typeof DOCUMENT_MIME_TYPES)[number];
export const DOCUMENT_STATUSES = ["pending", "processing", "ready", "failed"] as const;

/** For an <input type="file" accept>. */
export const ACCEPTED_FILE_TYPES = ".pdf,.txt,.md,.markdown,application/pdf,text/plain,text/markdown";

export const documentSchema = z.object({
  id: z.uuid(),
  bot_id: z.uuid(),
  title: z.string(),
  source: z.enum(["upload", "text"]),
  mime_type: z.enum(DOCUMENT_MIME_TYPES),
  file_name: z.string().nullable(),
  status: z.enum(DOCUMENT_STATUSES),
  progress: z.number().int(),
  size_bytes: z.coerce.number(),
  page_count: z.number().int().nullable(),
  chunk_count: z.number().int(),
  error: z.string().nullable(),
  processed_at: z.date().nullable(),
  created_at: z.date(),
  updated_at: z.date(),
});
export type KnowledgeDocument = z.infer<typeof documentSchema>;

const COLUMNS = `id, bot_id, title, source, mime_type, file_name, status, progress, size_bytes, page_count,
  chunk_count, error, processed_at, created_at, updated_at`;

export const textDocumentInputSchema = z.object({
  title: z
    .string({ error: "Enter a title." })
    .trim()
    .min(1, "Enter a title.")
    .max(300, "Use at most 300 characters."),
  text: z
    .string({ error: "Enter the text." })
    .refine((t) => t.trim().length > 0, "Enter the text.")
    .refine(
      (t) => Buffer.byteLength(t) <= MAX_TEXT_BYTES,
      `Text may be at most ${MAX_TEXT_BYTES / 1024 / 1024} MB.`,
    ),
  format: z.enum(["text", "markdown"], { error: "Choose plain text or Markdown." }).default("text"),
});
export type TextDocumentInput = z.input<typeof textDocumentInputSchema>;

export type UploadedFile = { name: string; type?: string | null; bytes: Uint8Array };

/** What a file is, from its content first (PDF magic bytes), then its name and declared type. */
export function detectMimeType(file: Pick<UploadedFile, "name" | "type" | "bytes">): DocumentMimeType | null {
  const head = Buffer.from(file.bytes.subarray(0, 5)).toString("latin1");
  if (head === "%PDF-") return "application/pdf";
  const name = file.name.toLowerCase();
  const type = (file.type ?? "").toLowerCase().split(";")[0]!.trim();
  if (name.endsWith(".pdf") || type === "application/pdf") return null; // says PDF, is not one
  if (name.endsWith(".md") || name.endsWith(".markdown") || type === "text/markdown") return "text/markdown";
  if (name.endsWith(".txt") || type === "text/plain") return "text/plain";
  return null;
}

/** Checks an upload: type, size, text being UTF-8. Throws a 4xx AppError with a clear message. */
export function checkUpload(file: UploadedFile): DocumentMimeType {
  if (!file.bytes.length) throw new AppError("validation_failed", "The file is empty.");
  const mime = detectMimeType(file);
  if (!mime) {
    throw new AppError(
      "validation_failed",
      "Upload a PDF, a plain-text (.txt) or a Markdown (.md) file." +
        (file.name.toLowerCase().endsWith(".pdf") ? " This file is named .pdf but is not a PDF." : ""),
    );
  }
  const max = mime === "application/pdf" ? MAX_PDF_BYTES : MAX_TEXT_BYTES;
  if (file.bytes.length > max) {
    throw new AppError(
      "payload_too_large",
      `${mime === "application/pdf" ? "PDFs" : "Text files"} may be at most ${max / 1024 / 1024} MB.`,
    );
  }
  if (mime !== "application/pdf") {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(file.bytes);
    } catch {
      throw new AppError("validation_failed", "The text file is not UTF-8 text.");
    }
  }
  return mime;
}

async function insertDocument(
  tx: Tx,
  organizationId: string,
  botId: string,
  doc: {
    title: string;
    source: "upload" | "text";
    mime: DocumentMimeType;
    fileName: string | null;
    bytes: Uint8Array;
  },
): Promise<KnowledgeDocument> {
  const [bot] =
    await tx`select id from public.bots where organization_id = ${organizationId} and id = ${botId}`;
  if (!bot) throw new AppError("not_found", "This bot does not exist or was deleted.");
  const [row] = await tx`
    insert into public.documents ${tx({
      organization_id: organizationId,
      bot_id: botId,
      title: doc.title,
      source: doc.source,
      mime_type: doc.mime,
      file_name: doc.fileName,
      size_bytes: doc.bytes.length,
    })}
    returning ${tx.unsafe(COLUMNS)}`;
  await tx`insert into public.document_files (organization_id, document_id, data)
           values (${organizationId}, ${row!.id}, ${Buffer.from(doc.bytes)})`;
  return documentSchema.parse(row);
}

/** Adds typed or pasted text (plain or Markdown). Queue `enqueueProcessing(doc.id)` after commit. */
export async function createTextDocumentTx(
  tx: Tx,
  organizationId: string,
  botId: string,
  input: TextDocumentInput,
): Promise<KnowledgeDocument> {
  const d = textDocumentInputSchema.parse(input);
  return insertDocument(tx, organizationId, botId, {
    title: d.title,
    source: "text",
    mime: d.format === "markdown" ? "text/markdown" : "text/plain",
    fileName: null,
    bytes: Buffer.from(d.text, "utf8"),
  });
}

/** Adds an uploaded file (checked by type and size). Queue `enqueueProcessing(doc.id)` after commit. */
export async function createUploadedDocumentTx(
  tx: Tx,
  organizationId: string,
  botId: string,
  file: UploadedFile,
  title?: string,
): Promise<KnowledgeDocument> {
  const mime = checkUpload(file);
  const name = file.name.slice(0, 300) || "Upload";
  return insertDocument(tx, organizationId, botId, {
    title: (title?.trim() || name.replace(/\.(pdf|txt|md|markdown)$/i, "") || name).slice(0, 300),
    source: "upload",
    mime,
    fileName: name,
    bytes: file.bytes,
  });
}

/** Queues text extraction and chunking of a document (call after its transaction committed). */
export async function enqueueProcessing(documentId: string): Promise<void> {
  await enqueueJob(
    PROCESS_DOCUMENT_TASK,
    { documentId },
    { jobKey: `document:${documentId}`, maxAttempts: 3 },
  );
}

/** Adds a document as the user and queues its processing: what a server action calls. */
export async function addDocument(
  claims: UserClaims,
  organizationId: string,
  botId: string,
  input: { kind: "text"; text: TextDocumentInput } | { kind: "file"; file: UploadedFile; title?: string },
): Promise<KnowledgeDocument> {
  const doc = await withUser(claims, (tx) =>
    input.kind === "text"
      ? createTextDocumentTx(tx, organizationId, botId, input.text)
      : createUploadedDocumentTx(tx, organizationId, botId, input.file, input.title),
  );
  await enqueueProcessing(doc.id);
  return doc;
}

export async function listDocuments(
  tx: Tx,
  organizationId: string,
  botId: string,
  { limit = 50, offset = 0 }: { limit?: number; offset?: number } = {},
): Promise<{ documents: KnowledgeDocument[]; total: number }> {
  const rows = await tx.unsafe(
    `select ${COLUMNS}, count(*) over ()::int as total from public.documents
     where organization_id = $1 and bot_id = $2
     order by created_at desc, id limit $3 offset $4`,
    [organizationId, botId, Math.min(Math.max(limit, 1), 200), Math.max(offset, 0)],
  );
  return {
    documents: rows.map((r) => documentSchema.parse(r)),
    total: (rows[0]?.total as number | undefined) ?? 0,
  };
}

export async function getDocument(
  tx: Tx,
  organizationId: string,
  documentId: string,
): Promise<KnowledgeDocument> {
  if (!z.uuid().safeParse(documentId).success)
    throw new AppError("not_found", "This document does not exist or was deleted.");
  const [row] = await tx.unsafe(
    `select ${COLUMNS} from public.documents where organization_id = $1 and id = $2`,
    [organizationId, documentId],
  );
  if (!row) throw new AppError("not_found", "This document does not exist or was deleted.");
  return documentSchema.parse(row);
}

export type DocumentChunk = {
  id: string;
  position: number;
  heading: string;
  content: string;
  token_count: number;
  page: number | null;
};

export async function listDocumentChunks(
  tx: Tx,
  organizationId: string,
  documentId: string,
  { limit = 50, offset = 0 }: { limit?: number; offset?: number } = {},
): Promise<DocumentChunk[]> {
  return tx<DocumentChunk[]>`
    select id, position, heading, content, token_count, page from public.document_chunks
    where organization_id = ${organizationId} and document_id = ${documentId}
    order by position limit ${Math.min(Math.max(limit, 1), 200)} offset ${Math.max(offset, 0)}`;
}

export async function deleteDocument(tx: Tx, organizationId: string, documentId: string): Promise<void> {
  const deleted =
    await tx`delete from public.documents where organization_id = ${organizationId} and id = ${documentId} returning id`;
  if (!deleted.length) {
    const [seen] =
      await tx`select 1 from public.documents where organization_id = ${organizationId} and id = ${documentId}`;
    if (seen) throw new AppError("forbidden", "You do not have permission to delete documents.");
    throw new AppError("not_found", "This document does not exist or was deleted.");
  }
}

/** Puts a failed document back in the queue (its file is kept until it is processed). */
export async function retryDocument(
  claims: UserClaims,
  organizationId: string,
  documentId: string,
): Promise<void> {
  await withUser(claims, async (tx) => {
    const doc = await getDocument(tx, organizationId, documentId);
    if (doc.status !== "failed")
      throw new AppError("conflict", "Only a document that failed can be retried.");
    const [file] = await tx`select 1 from public.document_files where document_id = ${documentId}`;
    if (!file) throw new AppError("gone", "The file of this document is no longer kept. Upload it again.");
    const [ok] = await tx`select public.has_permission(${organizationId}, 'bots', 'update') as ok`;
    if (!ok?.ok) throw new AppError("forbidden", "You do not have permission to change the knowledge base.");
  });
  await enqueueProcessing(documentId);
}
