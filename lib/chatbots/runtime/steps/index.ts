import type { ChatbotNodeType } from "../../flow/nodes";
import { ask } from "./ask";
import { bookAppointment } from "./book-appointment";
import { collectLead } from "./collect-lead";
import { condition } from "./condition";
import { goal } from "./goal";
import { handoff } from "./handoff";
import { knowledgeAnswer } from "./knowledge-answer";
import { message } from "./message";
import { start } from "./start";
import type { StepExecutor } from "./step";
import { startWorkflow } from "./start-workflow";
import { tagContact } from "./tag-contact";

/**
 * The executors by chatbot node type (lib/chatbots/flow/nodes.ts declares the types: config,
 * handles). Adding a step type is adding its declaration there and one file here.
 */
export const stepExecutors: Record<ChatbotNodeType, StepExecutor> = {
  start,
  message,
  ask,
  condition,
  knowledge_answer: knowledgeAnswer,
  collect_lead: collectLead,
  tag_contact: tagContact,
  handoff,
  goal,
  start_workflow: startWorkflow,
  book_appointment: bookAppointment,
};

export type { StepExecutor };
