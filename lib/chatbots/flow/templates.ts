import { DEFAULT_VIEWPORT, edgeId } from "@/lib/workflows/definition";
import { previewGraph, type PreviewGraph } from "@/lib/workflows/preview";
import { laidOut, starterFlow, type FlowDefinition, type FlowEdge, type FlowNode } from "./definition";
import { getChatbotNodeType } from "./nodes";

/**
 * THE API THE CHATBOT CONSOLE USES to offer flows when a bot is created: the starter flow and five
 * goal-based flows for the jobs small businesses give a website bot. Each has a one-line purpose
 * and a greeting to match; every flow passes validateFlow with no problem (templates.test.ts).
 * Answers are kept under variables and used in later texts as `{{ answers.<variable> }}`.
 */

export type BotFlowTemplate = {
  key: string;
  name: string;
  /** One line: what the bot does for the business. */
  purpose: string;
  /** What the bot says first; the bot's default greeting when absent. */
  greeting?: string;
  flow: () => FlowDefinition;
};

export const DEFAULT_BOT_TEMPLATE = "answer-questions";

const STEP = 150;
const BRANCH = 300;

function node(
  id: string,
  type: string,
  column: number,
  row: number,
  config: Record<string, unknown>,
): FlowNode {
  return { id, type, position: { x: column * BRANCH, y: row * STEP }, data: { config } };
}

function edge(source: string, target: string, sourceHandle = "out"): FlowEdge {
  const e = { source, sourceHandle, target, targetHandle: "in" };
  return { id: edgeId(e), ...e };
}

/** Steps one after the other, each from its "out" handle. */
function chain(...ids: string[]): FlowEdge[] {
  return ids.slice(1).map((id, i) => edge(ids[i]!, id));
}

const ask = (
  question: string,
  kind: "text" | "email" | "phone" | "choice",
  variable: string,
  extra: { choices?: string[]; retry_message?: string; allow_other_questions?: boolean } = {},
) => ({
  question,
  kind,
  variable,
  choices: extra.choices ?? [],
  retry_message: extra.retry_message ?? "",
  max_attempts: 3,
  // An offer rather than a wall: a reply that is no answer is answered as a question instead.
  allow_other_questions: extra.allow_other_questions ?? false,
});

const lead = (fields: { email?: string; first_name?: string; phone?: string }, tags: string[]) => ({
  email_variable: fields.email ?? "",
  first_name_variable: fields.first_name ?? "",
  last_name_variable: "",
  phone_variable: fields.phone ?? "",
  company_variable: "",
  tags,
});

const EMAIL_RETRY = "That does not look like an email address. Please check it and try again.";
const PHONE_RETRY = "That does not look like a phone number. Please type it with the area code.";
/** Tells the organization's workflows (event "conversation.started"), e.g. "Chatbot lead → GoHighLevel contact". */
const TELL_WORKFLOWS = { mode: "event", workflow_id: "" };
const flowOf = (nodes: FlowNode[], edges: FlowEdge[]): FlowDefinition =>
  laidOut({ nodes, edges, viewport: { ...DEFAULT_VIEWPORT } });

export const botFlowTemplates: readonly BotFlowTemplate[] = [
  {
    key: DEFAULT_BOT_TEMPLATE,
    name: "Answer questions",
    purpose: "Answers from your knowledge base and asks for an email when it cannot.",
    flow: starterFlow,
  },
  {
    key: "faq-lead-capture",
    name: "FAQ answers + lead capture",
    purpose: "Answers questions, and turns the ones it cannot answer into named leads for your team.",
    greeting: "Hi! Ask me anything about our services, prices or hours.",
    flow: () =>
      flowOf(
        [
          node("start_1", "start", 0, 0, {}),
          node("knowledge_answer_1", "knowledge_answer", 0, 1, {
            prompt: "",
            question_variable: "",
            max_sources: 3,
          }),
          node(
            "ask_1",
            "ask",
            0,
            2,
            ask(
              "I'm not sure about that one. Leave your email and our team will follow up, or ask me something else.",
              "email",
              "email",
              { retry_message: EMAIL_RETRY, allow_other_questions: true },
            ),
          ),
          node(
            "ask_2",
            "ask",
            0,
            3,
            ask("Thanks! And your first name, so we know who to ask for?", "text", "first_name"),
          ),
          node(
            "collect_lead_1",
            "collect_lead",
            0,
            4,
            lead({ email: "email", first_name: "first_name" }, ["chatbot", "faq-lead"]),
          ),
          node("start_workflow_1", "start_workflow", 0, 5, TELL_WORKFLOWS),
          node("goal_1", "goal", 0, 6, {
            name: "Lead captured",
            message:
              "Got it, {{ answers.first_name }}! Someone from our team will email you soon. Anything else I can help with?",
          }),
        ],
        [
          edge("start_1", "knowledge_answer_1"),
          edge("knowledge_answer_1", "ask_1", "unanswered"),
          ...chain("ask_1", "ask_2", "collect_lead_1", "start_workflow_1", "goal_1"),
        ],
      ),
  },
  {
    key: "appointment-request",
    name: "Book an appointment request",
    purpose: "Takes appointment requests (service, preferred time, name, phone) for your team to confirm.",
    greeting: "Hi! Want to book a visit? I can take your request in under a minute.",
    flow: () =>
      flowOf(
        [
          node("start_1", "start", 0, 0, {}),
          node(
            "ask_1",
            "ask",
            0,
            1,
            ask("What would you like to book?", "choice", "service", {
              choices: ["Consultation", "Estimate", "Follow-up visit", "Something else"],
            }),
          ),
          node("ask_2", "ask", 0, 2, ask("Which day and time suit you best?", "text", "preferred_time")),
          node("ask_3", "ask", 0, 3, ask("What's your name?", "text", "first_name")),
          node(
            "ask_4",
            "ask",
            0,
            4,
            ask("And the best phone number to confirm, {{ answers.first_name }}?", "phone", "phone", {
              retry_message: PHONE_RETRY,
            }),
          ),
          node(
            "collect_lead_1",
            "collect_lead",
            0,
            5,
            lead({ first_name: "first_name", phone: "phone" }, ["chatbot", "appointment-request"]),
          ),
          node("start_workflow_1", "start_workflow", 0, 6, TELL_WORKFLOWS),
          node("goal_1", "goal", 0, 7, {
            name: "Appointment requested",
            message:
              "Thanks, {{ answers.first_name }}! We'll text {{ answers.phone }} to confirm your {{ answers.service }} ({{ answers.preferred_time }}).",
          }),
        ],
        chain("start_1", "ask_1", "ask_2", "ask_3", "ask_4", "collect_lead_1", "start_workflow_1", "goal_1"),
      ),
  },
  {
    key: "qualify-lead",
    name: "Qualify a lead (budget, timeline)",
    purpose:
      "Asks about the need, budget and timeline; ready buyers leave an email, researchers get answers.",
    greeting: "Hi! Tell me a little about your project and I'll point you the right way.",
    flow: () =>
      flowOf(
        [
          node("start_1", "start", 0, 0, {}),
          node("ask_1", "ask", 0, 1, ask("What can we help you with?", "text", "need")),
          node(
            "ask_2",
            "ask",
            0,
            2,
            ask("Roughly what budget do you have in mind?", "choice", "budget", {
              choices: ["Under $1,000", "$1,000 to $5,000", "$5,000 to $20,000", "Over $20,000"],
            }),
          ),
          node(
            "ask_3",
            "ask",
            0,
            3,
            ask("When would you like to get started?", "choice", "timeline", {
              choices: ["This week", "This month", "In 1 to 3 months", "Just researching"],
            }),
          ),
          node("condition_1", "condition", 0, 4, {
            variable: "timeline",
            operator: "equals",
            value: "Just researching",
          }),
          node("message_1", "message", -1, 5, { text: "No rush! Ask me anything in the meantime." }),
          node("knowledge_answer_1", "knowledge_answer", -1, 6, {
            prompt: "",
            question_variable: "",
            max_sources: 3,
          }),
          node(
            "ask_4",
            "ask",
            1,
            5,
            ask("Sounds like a fit! What's your email? We'll send the next steps.", "email", "email", {
              retry_message: EMAIL_RETRY,
            }),
          ),
          node(
            "collect_lead_1",
            "collect_lead",
            1,
            6,
            lead({ email: "email" }, ["chatbot", "qualified-lead"]),
          ),
          node("start_workflow_1", "start_workflow", 1, 7, TELL_WORKFLOWS),
          node("goal_1", "goal", 1, 8, {
            name: "Qualified lead",
            message: "Thanks! A specialist will email you shortly about your project.",
          }),
        ],
        [
          ...chain("start_1", "ask_1", "ask_2", "ask_3", "condition_1"),
          edge("condition_1", "message_1", "true"),
          edge("message_1", "knowledge_answer_1"),
          edge("condition_1", "ask_4", "false"),
          ...chain("ask_4", "collect_lead_1", "start_workflow_1", "goal_1"),
        ],
      ),
  },
  {
    key: "after-hours-handoff",
    name: "After-hours support hand-off",
    purpose: "Answers what it can after hours and hands the rest to your team's inbox for the morning.",
    greeting: "Hi! Our team is offline right now, but I can answer most questions.",
    flow: () =>
      flowOf(
        [
          node("start_1", "start", 0, 0, {}),
          node("knowledge_answer_1", "knowledge_answer", 0, 1, {
            prompt: "What can I help you with?",
            question_variable: "",
            max_sources: 3,
          }),
          node(
            "ask_1",
            "ask",
            0,
            2,
            ask(
              "I couldn't find that. Shall I pass it to our team for first thing tomorrow? Or ask me something else.",
              "choice",
              "pass_on",
              { choices: ["Yes, please", "No, thanks"], allow_other_questions: true },
            ),
          ),
          node("condition_1", "condition", 0, 3, {
            variable: "pass_on",
            operator: "equals",
            value: "Yes, please",
          }),
          node(
            "ask_2",
            "ask",
            -1,
            4,
            ask("What's the best email to reach you?", "email", "email", { retry_message: EMAIL_RETRY }),
          ),
          node("collect_lead_1", "collect_lead", -1, 5, lead({ email: "email" }, ["chatbot", "after-hours"])),
          node("goal_1", "goal", -1, 6, { name: "Handed to the team", message: "" }),
          node("handoff_1", "handoff", -1, 7, {
            message:
              "Done! I've passed your question to the team. They'll reply here and by email when we open.",
          }),
          node("message_1", "message", 1, 4, { text: "No problem. Feel free to ask me something else." }),
        ],
        [
          edge("start_1", "knowledge_answer_1"),
          edge("knowledge_answer_1", "ask_1", "unanswered"),
          edge("ask_1", "condition_1"),
          edge("condition_1", "ask_2", "true"),
          ...chain("ask_2", "collect_lead_1", "goal_1", "handoff_1"),
          edge("condition_1", "message_1", "false"),
        ],
      ),
  },
  {
    key: "quote-request",
    name: "Quote request",
    purpose: "Collects what a quote needs (the job, its details, name, email, phone) and alerts your team.",
    greeting: "Hi! Need a quote? I'll get the details to our team in a few quick questions.",
    flow: () =>
      flowOf(
        [
          node("start_1", "start", 0, 0, {}),
          node(
            "ask_1",
            "ask",
            0,
            1,
            ask("What's the job?", "choice", "service", {
              choices: ["Repair", "Replacement", "Inspection", "Something else"],
            }),
          ),
          node(
            "ask_2",
            "ask",
            0,
            2,
            ask("Tell us about it: size, address or area, anything we should know.", "text", "details"),
          ),
          node("ask_3", "ask", 0, 3, ask("What's your name?", "text", "first_name")),
          node(
            "ask_4",
            "ask",
            0,
            4,
            ask("Where should we email the quote, {{ answers.first_name }}?", "email", "email", {
              retry_message: EMAIL_RETRY,
            }),
          ),
          node(
            "ask_5",
            "ask",
            0,
            5,
            ask("And a phone number in case we have a question?", "phone", "phone", {
              retry_message: PHONE_RETRY,
            }),
          ),
          node(
            "collect_lead_1",
            "collect_lead",
            0,
            6,
            lead({ email: "email", first_name: "first_name", phone: "phone" }, ["chatbot", "quote-request"]),
          ),
          node("start_workflow_1", "start_workflow", 0, 7, TELL_WORKFLOWS),
          node("goal_1", "goal", 0, 8, {
            name: "Quote requested",
            message:
              "Thanks, {{ answers.first_name }}! We'll email your {{ answers.service }} quote to {{ answers.email }} soon.",
          }),
        ],
        chain(
          "start_1",
          "ask_1",
          "ask_2",
          "ask_3",
          "ask_4",
          "ask_5",
          "collect_lead_1",
          "start_workflow_1",
          "goal_1",
        ),
      ),
  },
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
