"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineOrgAction } from "@/lib/actions/org-action";
import { withUser } from "@/lib/db/client";
import { createBot, deleteBot, publishBotFlow, rotateBotKey, saveBotFlow, updateBot } from "./bots";
import {
  botIdSchema,
  createBotSchema,
  documentIdSchema,
  replySchema,
  saveFlowSchema,
  sessionIdSchema,
  testChatStartSchema,
  textDocumentSchema,
  updateBotSchema,
} from "./console-action-schemas";
import { addDocument, deleteDocument, retryDocument } from "./documents";
import { closeSession, handOffSession, replyAsAgent } from "./sessions";
import { startTestConversation, toTestMessage } from "./test-chat";

export type { TestChatMessage } from "./test-chat";

/** The chatbot console's server actions: bots, their flows, their knowledge base, the inbox. */

const botsPath = (slug: string) => `/o/${slug}/bots`;
const botPath = (slug: string, id: string) => `/o/${slug}/bots/${id}`;

export const createBotAction = defineOrgAction({
  schema: createBotSchema,
  permission: ["bots", "create"],
  async handler({ input, claims, org }) {
    const bot = await withUser(claims, (tx) =>
      createBot(
        tx,
        org.organization.id,
        { name: input.name, description: input.description },
        { template: input.template },
      ),
    );
    revalidatePath(botsPath(org.organization.slug));
    redirect(botPath(org.organization.slug, bot.id));
  },
});

export const updateBotAction = defineOrgAction({
  schema: updateBotSchema,
  permission: ["bots", "update"],
  async handler({ input, claims, org }) {
    await withUser(claims, (tx) =>
      updateBot(tx, org.organization.id, input.id, {
        name: input.name,
        description: input.description,
        persona: input.persona,
        greeting: input.greeting,
        fallback_message: input.fallback_message,
        status: input.status,
        model_settings: { model: input.model, temperature: input.temperature, max_tokens: input.max_tokens },
        allowed_origins: input.allowed_origins,
        language: input.language,
        widget: {
          title: input.widget_title,
          color: input.widget_color,
          text_color: input.widget_text_color,
          position: input.widget_position,
          launcher_text: input.widget_launcher_text,
        },
      }),
    );
    revalidatePath(botsPath(org.organization.slug));
    revalidatePath(botPath(org.organization.slug, input.id));
  },
  successMessage: "Bot settings saved.",
});

export const rotateBotKeyAction = defineOrgAction({
  schema: botIdSchema,
  permission: ["bots", "update"],
  async handler({ input, claims, org }) {
    const key = await withUser(claims, (tx) => rotateBotKey(tx, input.id));
    revalidatePath(botPath(org.organization.slug, input.id));
    return { key };
  },
  successMessage: "New key made. Update the embed code on your website: the old one no longer works.",
});

export const deleteBotAction = defineOrgAction({
  schema: botIdSchema,
  permission: ["bots", "delete"],
  async handler({ input, claims, org }) {
    await withUser(claims, (tx) => deleteBot(tx, org.organization.id, input.id));
    revalidatePath(botsPath(org.organization.slug));
    redirect(botsPath(org.organization.slug));
  },
});

export const saveBotFlowAction = defineOrgAction({
  schema: saveFlowSchema,
  permission: ["bots", "update"],
  async handler({ input, claims, org }) {
    const saved = await withUser(claims, (tx) =>
      saveBotFlow(tx, org.organization.id, input.id, input.definition, input.expected_version),
    );
    return { version: saved.version, savedAt: new Date().toISOString() };
  },
});

export const publishBotFlowAction = defineOrgAction({
  schema: botIdSchema,
  permission: ["bots", "update"],
  async handler({ input, claims, org }) {
    const flow = await withUser(claims, (tx) => publishBotFlow(tx, org.organization.id, input.id));
    revalidatePath(`${botPath(org.organization.slug, input.id)}/flow`);
    return { publishedAt: flow.published_at?.toISOString() ?? null };
  },
  successMessage: "Published: visitors get this flow from their next message.",
});

export const addTextDocumentAction = defineOrgAction({
  schema: textDocumentSchema,
  permission: ["bots", "create"],
  async handler({ input, claims, org }) {
    const doc = await addDocument(claims, org.organization.id, input.bot_id, {
      kind: "text",
      text: { title: input.title, text: input.text, format: input.format },
    });
    revalidatePath(`${botPath(org.organization.slug, input.bot_id)}/knowledge`);
    return { id: doc.id };
  },
  successMessage: "Added. The document is being processed.",
});

export const deleteDocumentAction = defineOrgAction({
  schema: documentIdSchema,
  permission: ["bots", "delete"],
  async handler({ input, claims, org }) {
    await withUser(claims, (tx) => deleteDocument(tx, org.organization.id, input.document_id));
    revalidatePath(`${botPath(org.organization.slug, input.bot_id)}/knowledge`);
  },
  successMessage: "The document and its passages have been deleted.",
});

export const retryDocumentAction = defineOrgAction({
  schema: documentIdSchema,
  permission: ["bots", "update"],
  async handler({ input, claims, org }) {
    await retryDocument(claims, org.organization.id, input.document_id);
    revalidatePath(`${botPath(org.organization.slug, input.bot_id)}/knowledge`);
  },
  successMessage: "Queued again.",
});

export const replyAction = defineOrgAction({
  schema: replySchema,
  permission: ["conversations", "create"],
  async handler({ input, claims, org }) {
    const message = await withUser(claims, (tx) =>
      replyAsAgent(tx, org.organization.id, input.session_id, input.text),
    );
    return { id: message.id, seq: message.seq };
  },
  successMessage: "Reply sent.",
});

export const handOffAction = defineOrgAction({
  schema: sessionIdSchema,
  permission: ["conversations", "update"],
  async handler({ input, claims, org }) {
    await withUser(claims, (tx) => handOffSession(tx, org.organization.id, input.session_id));
  },
  successMessage: "You have taken over this conversation: the bot stops answering.",
});

export const closeSessionAction = defineOrgAction({
  schema: sessionIdSchema,
  permission: ["conversations", "update"],
  async handler({ input, claims, org }) {
    await withUser(claims, (tx) => closeSession(tx, org.organization.id, input.session_id));
  },
  successMessage: "Conversation closed.",
});

// ---- The test chat beside the flow editor: the same runtime as the widget, on the saved draft,
// in sessions of the "test" channel (left out of the inbox and the analytics).

// Test chats run the draft flow for real (collect lead creates contacts, "start workflow" starts
// runs), so they are for those who may edit the bot.
export const startTestChatAction = defineOrgAction({
  schema: testChatStartSchema,
  permission: ["bots", "update"],
  async handler({ input, claims, org }) {
    const started = await startTestConversation(claims, org.organization.id, input.bot_id);
    return {
      sessionId: started.sessionId,
      token: started.visitorToken,
      status: started.status,
      messages: started.messages.map(toTestMessage),
    };
  },
});
