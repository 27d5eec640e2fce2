import "server-only";
import { z } from "zod";
import { botSchema } from "@/lib/chatbots/bots";
import {
  createTextDocumentTx,
  createUploadedDocumentTx,
  deleteDocument,
  detectMimeType,
  documentSchema,
  enqueueProcessing,
  MAX_PDF_BYTES,
  MAX_TEXT_BYTES,
  textDocumentInputSchema,
} from "@/lib/chatbots/documents";
import {
  getTranscript,
  MAX_AGENT_REPLY,
  messageSchema,
  replyAsAgent,
  sessionSummarySchema,
  SESSION_STATUSES,
} from "@/lib/chatbots/sessions";
import { listPage, pageQuerySchema, pageSchema, readOne, type ListSource } from "@/lib/db/pagination";
import { deletedSchema, endpoint, idParams } from "../endpoint";
import { onTheWire, timestamp, validated } from "./shared";

/** Chatbots, their knowledge documents, and their conversations with visitors. */

export const botWire = onTheWire(botSchema.omit({ widget: true }));
export const bots: ListSource = {
  table: "public.bots",
  columns: `t.id, t.organization_id, t.name, t.description, t.persona, t.greeting, t.fallback_message,
            t.model_settings, t.status, t.public_key, t.allowed_origins, t.language, t.created_at, t.updated_at`,
};

const documentWire = onTheWire(documentSchema);
const documents: ListSource = {
  table: "public.documents",
  columns: `t.id, t.bot_id, t.title, t.source, t.mime_type, t.file_name, t.status, t.progress, t.size_bytes,
            t.page_count, t.chunk_count, t.error, t.processed_at, t.created_at, t.updated_at`,
};

const conversationWire = z.object({
  id: z.uuid(),
  bot_id: z.uuid(),
  contact_id: z.uuid().nullable(),
  status: z.enum(SESSION_STATUSES),
  goal_reached: z.boolean(),
  message_count: z.int(),
  started_at: timestamp,
  last_message_at: timestamp,
  handed_off_at: timestamp.nullable(),
  closed_at: timestamp.nullable(),
  created_at: timestamp,
});
const conversations: ListSource = {
  table: "public.conversation_sessions",
  columns: `t.id, t.bot_id, t.contact_id, t.status, t.goal_reached, t.message_count, t.started_at,
            t.last_message_at, t.handed_off_at, t.closed_at, t.created_at`,
};
const messageWire = onTheWire(messageSchema);
const transcriptWire = z.object({ session: onTheWire(sessionSummarySchema), messages: z.array(messageWire) });

const uploadFieldsSchema = z.object({
  bot_id: z.uuid().describe("The bot whose knowledge it joins."),
  title: z
    .string()
    .trim()
    .max(300)
    .optional()
    .describe("Its name in the console (the file's name unless given)."),
});

const botFilter = z.object({ bot_id: z.uuid().optional().describe("Only those of this bot.") });

export const botEndpoints = {
  listBots: endpoint({
    method: "get",
    path: "/api/v1/bots",
    operationId: "listBots",
    summary: "List chatbots",
    tag: "Bots",
    permission: ["bots", "read"],
    query: pageQuerySchema,
    response: pageSchema(botWire),
    handler: ({ tx, organizationId, query }) => listPage(tx, organizationId, bots, query, botWire),
  }),
  readBot: endpoint({
    method: "get",
    path: "/api/v1/bots/{id}",
    operationId: "getBot",
    summary: "A chatbot",
    tag: "Bots",
    permission: ["bots", "read"],
    params: idParams("bot"),
    response: botWire,
    responseName: "Bot",
    handler: ({ tx, organizationId, params }) =>
      readOne(tx, organizationId, bots, params.id, botWire, "This bot does not exist."),
  }),
  listDocuments: endpoint({
    method: "get",
    path: "/api/v1/knowledge_documents",
    operationId: "listKnowledgeDocuments",
    summary: "List the documents bots answer from",
    tag: "Bots",
    permission: ["bots", "read"],
    query: pageQuerySchema.extend(botFilter.shape),
    response: pageSchema(documentWire),
    handler: ({ tx, organizationId, query: q }) =>
      listPage(
        tx,
        organizationId,
        documents,
        q,
        documentWire,
        q.bot_id ? tx`t.bot_id = ${q.bot_id}` : undefined,
      ),
  }),
  createDocument: endpoint({
    method: "post",
    path: "/api/v1/knowledge_documents",
    operationId: "createKnowledgeDocument",
    summary: "Add a document to a bot's knowledge: text (JSON) or a file (multipart)",
    description:
      "Send JSON (`bot_id`, `title`, `text`, `format`) for typed text, or `multipart/form-data` with " +
      "`file` (a PDF up to 10 MB, a .txt or .md file up to 2 MB), `bot_id` and an optional `title`. " +
      "It is read and chunked in the background: `status` goes from `pending` to `ready`.",
    tag: "Bots",
    permission: ["bots", "create"],
    body: textDocumentInputSchema.extend({ bot_id: z.uuid() }),
    maxBodyBytes: MAX_TEXT_BYTES + 64 * 1024,
    upload: {
      maxFileBytes: MAX_PDF_BYTES,
      detect: detectMimeType,
      maxBytesFor: (type) => (type === "application/pdf" ? MAX_PDF_BYTES : MAX_TEXT_BYTES),
      accepted: "a PDF, a plain-text (.txt) or a Markdown (.md) file",
    },
    uploadFields: uploadFieldsSchema,
    response: documentWire,
    status: 201,
    handler: async ({ tx, organizationId, body, upload, afterCommit }) => {
      let doc;
      if (upload) {
        const fields = validated(uploadFieldsSchema, upload.fields);
        doc = await createUploadedDocumentTx(tx, organizationId, fields.bot_id, upload.file, fields.title);
      } else {
        const { bot_id, ...text } = body;
        doc = await createTextDocumentTx(tx, organizationId, bot_id, text);
      }
      const id = doc.id;
      afterCommit(() => enqueueProcessing(id));
      return readOne(tx, organizationId, documents, id, documentWire, "This document is gone.");
    },
  }),
  deleteDocument: endpoint({
    method: "delete",
    path: "/api/v1/knowledge_documents/{id}",
    operationId: "deleteKnowledgeDocument",
    summary: "Delete a document (bots stop answering from it)",
    tag: "Bots",
    permission: ["bots", "delete"],
    params: idParams("document"),
    response: deletedSchema,
    handler: async ({ tx, organizationId, params }) => {
      await deleteDocument(tx, organizationId, params.id);
      return { id: params.id, deleted: true as const };
    },
  }),
  listConversations: endpoint({
    method: "get",
    path: "/api/v1/conversations",
    operationId: "listConversations",
    summary: "List conversations of bots with visitors, newest first",
    tag: "Conversations",
    permission: ["conversations", "read"],
    query: pageQuerySchema.extend({ ...botFilter.shape, status: z.enum(SESSION_STATUSES).optional() }),
    response: pageSchema(conversationWire),
    handler: ({ tx, organizationId, query: q }) =>
      listPage(
        tx,
        organizationId,
        conversations,
        q,
        conversationWire,
        tx`t.channel = 'web' and ${q.bot_id ? tx`t.bot_id = ${q.bot_id}` : tx`true`}
           and ${q.status ? tx`t.status = ${q.status}` : tx`true`}`,
      ),
  }),
  readConversation: endpoint({
    method: "get",
    path: "/api/v1/conversations/{id}",
    operationId: "getConversation",
    summary: "A conversation with its messages, oldest first",
    tag: "Conversations",
    permission: ["conversations", "read"],
    params: idParams("conversation"),
    response: transcriptWire,
    handler: ({ tx, organizationId, params }) => getTranscript(tx, organizationId, params.id),
  }),
  reply: endpoint({
    method: "post",
    path: "/api/v1/conversations/{id}/messages",
    operationId: "replyToConversation",
    summary: "Answer the visitor as a member of the team (the bot stops answering)",
    tag: "Conversations",
    permission: ["conversations", "create"],
    params: idParams("conversation"),
    body: z.object({ text: z.string().min(1).max(MAX_AGENT_REPLY) }),
    response: messageWire,
    status: 201,
    handler: ({ tx, organizationId, params, body }) => replyAsAgent(tx, organizationId, params.id, body.text),
  }),
};
