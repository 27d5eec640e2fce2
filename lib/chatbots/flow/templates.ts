import { previewGraph, type PreviewGraph } from "@/lib/workflows/preview";
import { starterFlow } from "./definition";
import { getChatbotNodeType } from "./nodes";
import type { BotFlowTemplate } from "./template-parts";
import { leadTemplates } from "./templates-leads";
import { serviceTemplates } from "./templates-service";

/**
 * THE API THE CHATBOT CONSOLE USES to offer flows when a bot is created: the starter flow and five
 * goal-based flows for the jobs small businesses give a website bot. Each has a one-line purpose
 * and a greeting to match; every flow passes validateFlow with no problem (templates.test.ts).
 * Answers are kept under variables and used in later texts as `{{ answers.<variable> }}`.
 */

export type { BotFlowTemplate };

export const DEFAULT_BOT_TEMPLATE = "answer-questions";

export const botFlowTemplates: readonly BotFlowTemplate[] = [
  {
    key: DEFAULT_BOT_TEMPLATE,
    name: "Answer questions",
    purpose: "Answers from your knowledge base and asks for an email when it cannot.",
    flow: starterFlow,
  },
  ...leadTemplates,
  ...serviceTemplates,
];

export function botFlowTemplate(key: string): BotFlowTemplate | undefined {
  return botFlowTemplates.find((t) => t.key === key);
}

export type BotTemplateOption = Pick<BotFlowTemplate, "key" | "name" | "purpose"> & { preview: PreviewGraph };

/** The templates as the "New bot" dialog offers them: what each does and a picture of its flow. */
export function botTemplateOptions(): BotTemplateOption[] {
  return botFlowTemplates.map((t) => ({
    key: t.key,
    name: t.name,
    purpose: t.purpose,
    preview: previewGraph(t.flow(), getChatbotNodeType),
  }));
}
