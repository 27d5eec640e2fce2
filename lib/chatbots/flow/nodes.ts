import { z } from "zod";
import { identifier, optionalText, requiredText } from "@/lib/workflows/nodes/schema-helpers";
import { DEFAULT_MIN_CONFIDENCE } from "../query";
import {
  defineNodeType,
  IN,
  looseItems,
  looseString,
  OUT,
  type NodeTypeDefinition,
  type OutputField,
} from "@/lib/workflows/nodes/types";

/**
 * THE API THE CHATBOT CONSOLE USES for the bot flow canvas: the chatbot node types, in the same
 * shape as the workflow node types (lib/workflows/nodes/types.ts: config schema with defaults,
 * input and output handles, output fields), so the same React Flow canvas can edit both. The
 * runtime (lib/chatbots/runtime.ts) gives each type its behaviour. Answers the visitor gives are
 * kept under a variable name and can be used in texts as `{{ answers.<variable> }}`.
 */

const shortText = (what: string) => requiredText(what, 2000);

export const ASK_KINDS = {
  text: "Any text",
  email: "Email address",
  phone: "Phone number",
  choice: "One of several choices",
} as const;
export type AskKind = keyof typeof ASK_KINDS;

export const FLOW_CONDITION_OPERATORS = {
  equals: "equals",
  not_equals: "does not equal",
  contains: "contains",
  is_empty: "is empty",
  is_not_empty: "is not empty",
} as const;
export type FlowConditionOperator = keyof typeof FLOW_CONDITION_OPERATORS;

const answersOf = (fields: OutputField[]): OutputField[] => fields;

/** Where the conversation begins (after the bot's greeting). Exactly one per flow. */
export const startNode = defineNodeType({
  type: "start",
  label: "Conversation starts",
  description: "Where every conversation begins, right after the bot's greeting.",
  category: "trigger",
  configSchema: z.object({}),
  defaults: {},
  inputs: [],
  outputs: () => OUT,
  outputFields: () => [],
});

export const messageNode = defineNodeType({
  type: "message",
  label: "Send message",
  description: "The bot says something, then the flow goes on.",
  category: "action",
  configSchema: z.object({ text: shortText("the message") }),
  defaults: { text: "" },
  inputs: IN,
  outputs: () => OUT,
  outputFields: () => [],
});

export const askNode = defineNodeType({
  type: "ask",
  label: "Ask a question",
  description:
    "Asks the visitor something, checks the answer (email, phone, choice) and asks again when it is not valid.",
  category: "action",
  configSchema: z
    .object({
      question: shortText("the question"),
      kind: z.enum(Object.keys(ASK_KINDS) as [AskKind], { error: "Choose what kind of answer to expect." }),
      variable: identifier,
      choices: z
        .array(z.string().trim().min(1, "Enter the choice.").max(100, "Use at most 100 characters."))
        .max(12, "Use at most 12 choices.")
        .default([]),
      retry_message: optionalText(500),
      /** After this many invalid answers the "gave up" handle is taken, when it is connected. */
      max_attempts: z.number().int().min(1).max(10).default(3),
      /**
       * The question is an offer, not a wall: a reply that is not an answer (no attempt at an
       * email, say) is taken as a question and answered from the knowledge base, and the offer stays.
       */
      allow_other_questions: z.boolean().default(false),
    })
    .superRefine((c, ctx) => {
      if (c.kind === "choice" && c.choices.length < 2)
        ctx.addIssue({ code: "custom", path: ["choices"], message: "Add at least two choices." });
    }),
  defaults: {
    question: "",
    kind: "text",
    variable: "answer",
    choices: [],
    retry_message: "",
    max_attempts: 3,
    allow_other_questions: false,
  },
  inputs: IN,
  outputs: () => [
    { id: "out", label: "Answered" },
    { id: "failed", label: "Gave up" },
  ],
  outputFields: (config) => {
    const name = looseString(config, "variable");
    return name ? answersOf([{ name, type: "string", description: "The visitor's answer" }]) : [];
  },
});

export const conditionNode = defineNodeType({
  type: "condition",
  label: "Condition",
  description: "Goes one way or the other depending on an answer.",
  category: "logic",
  configSchema: z.object({
    variable: identifier,
    operator: z.enum(Object.keys(FLOW_CONDITION_OPERATORS) as [FlowConditionOperator], {
      error: "Choose a comparison.",
    }),
    value: z.string().max(500, "Use at most 500 characters.").default(""),
  }),
  defaults: { variable: "answer", operator: "equals", value: "" },
  inputs: IN,
  outputs: () => [
    { id: "true", label: "True" },
    { id: "false", label: "False" },
  ],
  outputFields: () => [],
});

export const knowledgeNode = defineNodeType({
  type: "knowledge_answer",
  label: "Answer from knowledge base",
  description:
    "Answers the visitor's questions from the knowledge base (with an AI model when one is set up, else the best matching passage). Keeps answering while its outputs are not connected.",
  category: "action",
  configSchema: z.object({
    /** Said when the node is reached, before the visitor asks (optional). */
    prompt: optionalText(1000),
    /** Answer this earlier answer instead of waiting for a new question (optional). */
    question_variable: z.union([identifier, z.literal("")]).default(""),
    /** Below this confidence (0–1) the question counts as unanswered. */
    min_confidence: z.number().min(0).max(1).default(DEFAULT_MIN_CONFIDENCE),
    max_sources: z.number().int().min(1).max(8).default(3),
  }),
  defaults: {
    prompt: "What would you like to know?",
    question_variable: "",
    min_confidence: DEFAULT_MIN_CONFIDENCE,
    max_sources: 3,
  },
  inputs: IN,
  outputs: () => [
    { id: "answered", label: "Answered" },
    { id: "unanswered", label: "Not answered" },
  ],
  outputFields: () => [],
});

export const collectLeadNode = defineNodeType({
  type: "collect_lead",
  label: "Collect lead",
  description: "Creates or updates a contact from the visitor's answers.",
  category: "action",
  configSchema: z.object({
    email_variable: z.union([identifier, z.literal("")]).default("email"),
    first_name_variable: z.union([identifier, z.literal("")]).default(""),
    last_name_variable: z.union([identifier, z.literal("")]).default(""),
    phone_variable: z.union([identifier, z.literal("")]).default(""),
    company_variable: z.union([identifier, z.literal("")]).default(""),
    tags: z.array(z.string().trim().min(1).max(100)).max(20, "Use at most 20 tags.").default([]),
  }),
  defaults: {
    email_variable: "email",
    first_name_variable: "",
    last_name_variable: "",
    phone_variable: "",
    company_variable: "",
    tags: [],
  },
  inputs: IN,
  outputs: () => OUT,
  outputFields: () => [{ name: "contact_id", type: "string", description: "The contact created or updated" }],
});

export const tagContactNode = defineNodeType({
  type: "tag_contact",
  label: "Tag contact",
  description: "Adds tags to the visitor's contact (as soon as there is one).",
  category: "action",
  configSchema: z.object({
    tags: z
      .array(z.string().trim().min(1, "Enter the tag.").max(100))
      .min(1, "Add at least one tag.")
      .max(20, "Use at most 20 tags."),
  }),
  defaults: { tags: [] },
  inputs: IN,
  outputs: () => OUT,
  outputFields: () => [],
});

export const handoffNode = defineNodeType({
  type: "handoff",
  label: "Hand off to a human",
  description: "Passes the conversation to the team's inbox; the bot stops answering.",
  category: "action",
  configSchema: z.object({
    message: optionalText(1000).default(
      "I'm passing you to a member of our team. They will reply here shortly.",
    ),
  }),
  defaults: { message: "I'm passing you to a member of our team. They will reply here shortly." },
  inputs: IN,
  outputs: () => [],
  outputFields: () => [],
});

export const goalNode = defineNodeType({
  type: "goal",
  label: "Goal reached",
  description: "Marks the conversation as a success (counted in the bot's goal completion rate).",
  category: "action",
  configSchema: z.object({
    name: requiredText("the goal's name", 120),
    message: optionalText(1000),
  }),
  defaults: { name: "Lead captured", message: "" },
  inputs: IN,
  outputs: () => OUT,
  outputFields: () => [],
});

export const startWorkflowNode = defineNodeType({
  type: "start_workflow",
  label: "Start workflow",
  description:
    "Emits the conversation.started event to the organization's workflows, or runs one chosen workflow with the conversation's answers.",
  category: "action",
  configSchema: z
    .object({
      mode: z.enum(["event", "workflow"]).default("event"),
      workflow_id: z.union([z.uuid("Choose a workflow."), z.literal("")]).default(""),
    })
    .superRefine((c, ctx) => {
      if (c.mode === "workflow" && !c.workflow_id)
        ctx.addIssue({ code: "custom", path: ["workflow_id"], message: "Choose a workflow." });
    }),
  defaults: { mode: "event", workflow_id: "" },
  inputs: IN,
  outputs: () => OUT,
  outputFields: () => [],
});

const IANA_ZONE = z
  .string()
  .trim()
  .min(1, "Enter a time zone, e.g. America/New_York.")
  .max(100)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, "Enter a time zone such as America/New_York or Europe/London.");

/**
 * Books an appointment in the organization's GoHighLevel calendar (a Starter plan feature): offers
 * the calendar's free slots as choices, books the one the visitor picks for the visitor's contact
 * (collected before: an email or phone is needed), and says so. A slot taken meanwhile is offered
 * again with the times still free; when GoHighLevel cannot be reached the visitor is told, the
 * time asked for is kept, and the "Not booked" output is taken (else the team is handed the chat).
 */
export const bookAppointmentNode = defineNodeType({
  type: "book_appointment",
  label: "Book appointment",
  description:
    "Offers free times from a GoHighLevel calendar and books the one the visitor picks (GoHighLevel connected, Starter plan and above).",
  category: "action",
  configSchema: z.object({
    calendar_id: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{1,100}$/, "Enter the GoHighLevel calendar id (letters, digits, - and _)."),
    prompt: shortText("what to say with the times").default("Which time suits you?"),
    title: requiredText("the appointment's title", 200).default("Appointment booked by chat"),
    timezone: IANA_ZONE.default("UTC"),
    days_ahead: z.number().int().min(1).max(31).default(7),
    max_slots: z.number().int().min(2).max(12).default(6),
    confirmation: shortText("the confirmation").default("You're booked for {{ answers.appointment_time }}."),
  }),
  defaults: {
    calendar_id: "",
    prompt: "Which time suits you?",
    title: "Appointment booked by chat",
    timezone: "UTC",
    days_ahead: 7,
    max_slots: 6,
    confirmation: "You're booked for {{ answers.appointment_time }}.",
  },
  inputs: IN,
  outputs: () => [
    { id: "booked", label: "Booked" },
    { id: "failed", label: "Not booked" },
  ],
  outputFields: () => [
    { name: "appointment_time", type: "string", description: "The time booked, as the visitor saw it" },
    { name: "appointment_id", type: "string", description: "The GoHighLevel appointment id" },
  ],
});

/** Every chatbot node type, in palette order. */
export const chatbotNodeTypes = [
  startNode,
  messageNode,
  askNode,
  conditionNode,
  knowledgeNode,
  collectLeadNode,
  tagContactNode,
  handoffNode,
  goalNode,
  startWorkflowNode,
  bookAppointmentNode,
] as const satisfies readonly NodeTypeDefinition[];

export type ChatbotNodeType = (typeof chatbotNodeTypes)[number]["type"];

const byType = new Map<string, NodeTypeDefinition>(
  chatbotNodeTypes.map((t) => [t.type, t as unknown as NodeTypeDefinition]),
);

export function getChatbotNodeType(type: string | undefined): NodeTypeDefinition | undefined {
  return type === undefined ? undefined : byType.get(type);
}

/** Choices of an ask node, read from a loose (draft) config. */
export function looseChoices(config: Record<string, unknown>): string[] {
  const value = config.choices;
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

export { looseItems };
