import "server-only";
import { z } from "zod";
import {
  BOT_LANGUAGES,
  BOT_STATUSES,
  botInputSchema,
  botPatchSchema,
  createBot,
  deleteBot,
  updateBot,
} from "@/lib/chatbots/bots";
import { readOne } from "@/lib/db/pagination";
import { deletedSchema, endpoint, idParams } from "../endpoint";
import { bots, botWire } from "./bots";
import { validated } from "./shared";

/** Chatbots made, changed and deleted through the API, with the console's own rules (lib/chatbots/bots). */

const NOT_FOUND = "This bot does not exist.";

const botBody = z.object({
  name: z.string().max(120).describe("The bot's name."),
  description: z.string().max(1000).optional(),
  persona: z.string().max(8000).optional().describe("How the bot speaks and what it is for."),
  greeting: z.string().max(2000).optional(),
  fallback_message: z.string().max(2000).optional().describe("What it says when it has no answer."),
  status: z.enum(BOT_STATUSES).optional(),
  language: z.enum(Object.keys(BOT_LANGUAGES) as [string, ...string[]]).optional(),
  allowed_origins: z
    .array(z.string().max(300))
    .max(50)
    .optional()
    .describe("Websites that may embed the widget (`https://www.example.com`, or `*`)."),
  model_settings: z
    .object({
      model: z.string().max(100),
      temperature: z.number().min(0).max(2),
      max_tokens: z.int().min(16).max(4000),
    })
    .optional(),
});

export const botWriteEndpoints = {
  createBot: endpoint({
    method: "post",
    path: "/api/v1/bots",
    operationId: "createBot",
    summary: "Make a chatbot (with the starter flow: knowledge-base answers, email capture)",
    tag: "Bots",
    permission: ["bots", "create"],
    body: botBody,
    response: botWire,
    status: 201,
    handler: async ({ tx, organizationId, body }) => {
      const bot = await createBot(tx, organizationId, validated(botInputSchema, body));
      return readOne(tx, organizationId, bots, bot.id, botWire, NOT_FOUND);
    },
  }),
  updateBot: endpoint({
    method: "patch",
    path: "/api/v1/bots/{id}",
    operationId: "updateBot",
    summary: "Change a chatbot's fields (those sent; the others stay)",
    tag: "Bots",
    permission: ["bots", "update"],
    params: idParams("bot"),
    body: botBody.partial(),
    response: botWire,
    handler: async ({ tx, organizationId, params, body }) => {
      await readOne(tx, organizationId, bots, params.id, botWire, NOT_FOUND);
      await updateBot(tx, organizationId, params.id, validated(botPatchSchema, body));
      return readOne(tx, organizationId, bots, params.id, botWire, NOT_FOUND);
    },
  }),
  deleteBot: endpoint({
    method: "delete",
    path: "/api/v1/bots/{id}",
    operationId: "deleteBot",
    summary: "Delete a chatbot with its knowledge documents and conversations",
    tag: "Bots",
    permission: ["bots", "delete"],
    params: idParams("bot"),
    response: deletedSchema,
    handler: async ({ tx, organizationId, params }) => {
      await readOne(tx, organizationId, bots, params.id, botWire, NOT_FOUND);
      await deleteBot(tx, organizationId, params.id);
      return { id: params.id, deleted: true as const };
    },
  }),
};
