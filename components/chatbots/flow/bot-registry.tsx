"use client";

import { BOT_NODE_ICONS } from "@/components/chatbots/flow/bot-icons";
import { defineCanvasRegistry, type CanvasNodeRegistry } from "@/components/workflows/builder/node-registry";
import {
  ASK_KINDS,
  chatbotNodeTypes,
  FLOW_CONDITION_OPERATORS,
  type ChatbotNodeType,
} from "@/lib/chatbots/flow/nodes";
import type { ScopeVariable } from "@/lib/workflows/expressions/scope";
import type { LooseConfig, NodeTypeDefinition } from "@/lib/workflows/nodes/types";
import { defineNodeUi, options, text, type NodeUi } from "@/lib/workflows/nodes/ui-types";
import type { FieldIssues } from "@/lib/workflows/validate";

/**
 * The client half of the chatbot node types (lib/chatbots/flow/nodes.ts): icons, config forms and
 * card summaries, for the workflow builder's canvas pieces. Texts may use `{{ answers.<name> }}`.
 */

const list = (config: LooseConfig, key: string) =>
  Array.isArray(config[key]) ? (config[key] as unknown[]).filter((v) => typeof v === "string") : [];

const variableField = (name: string, label: string, hint?: string) =>
  ({
    kind: "text",
    name,
    label,
    optional: true,
    mono: true,
    expressions: false,
    placeholder: "email",
    hint,
  }) as const;

const startUi = defineNodeUi({ icon: BOT_NODE_ICONS.start, fields: [], summary: () => "After the greeting" });

const messageUi = defineNodeUi({
  icon: BOT_NODE_ICONS.message,
  fields: [
    {
      kind: "text",
      name: "text",
      label: "Message",
      multiline: true,
      rows: 3,
      placeholder: "Thanks, {{ answers.name }}!",
    },
  ],
  summary: (c) => text(c, "text") || null,
});

const askUi = defineNodeUi({
  icon: BOT_NODE_ICONS.ask,
  fields: [
    {
      kind: "text",
      name: "question",
      label: "Question",
      multiline: true,
      rows: 2,
      placeholder: "What is your email?",
    },
    { kind: "select", name: "kind", label: "Expected answer", options: options(ASK_KINDS) },
    {
      kind: "strings",
      name: "choices",
      label: "Choices",
      itemLabel: "Choice",
      addLabel: "Add choice",
      max: 12,
      visible: (c) => c.kind === "choice",
    },
    {
      kind: "text",
      name: "variable",
      label: "Save the answer as",
      mono: true,
      expressions: false,
      hint: "Use it later as {{ answers.<name> }} and in conditions.",
    },
    {
      kind: "text",
      name: "retry_message",
      label: "When the answer is not valid, say",
      optional: true,
      placeholder: "That does not look like an email address. Please try again.",
    },
    { kind: "number", name: "max_attempts", label: "Attempts before giving up", min: 1, max: 10 },
    {
      kind: "boolean",
      name: "allow_other_questions",
      label: "Allow other questions",
      hint: "A reply that is not an answer is taken as a question and answered from the knowledge base; the question stays open.",
    },
  ],
  summary: (c) => {
    const question = text(c, "question");
    const kind = ASK_KINDS[c.kind as keyof typeof ASK_KINDS];
    return question ? `${question}${kind ? ` (${kind.toLowerCase()})` : ""}` : null;
  },
});

const conditionUi = defineNodeUi({
  icon: BOT_NODE_ICONS.condition,
  fields: [
    {
      kind: "text",
      name: "variable",
      label: "Answer",
      mono: true,
      expressions: false,
      placeholder: "plan",
    },
    { kind: "select", name: "operator", label: "Comparison", options: options(FLOW_CONDITION_OPERATORS) },
    {
      kind: "text",
      name: "value",
      label: "Compare with",
      optional: true,
      expressions: false,
      visible: (c) => c.operator !== "is_empty" && c.operator !== "is_not_empty",
    },
  ],
  summary: (c) => {
    const op = FLOW_CONDITION_OPERATORS[c.operator as keyof typeof FLOW_CONDITION_OPERATORS];
    if (!text(c, "variable") || !op) return null;
    return `${text(c, "variable")} ${op}${c.operator === "is_empty" || c.operator === "is_not_empty" ? "" : ` “${text(c, "value")}”`}`;
  },
});

const knowledgeAnswerUi = defineNodeUi({
  icon: BOT_NODE_ICONS.knowledge_answer,
  fields: [
    { kind: "text", name: "prompt", label: "Say first", optional: true, multiline: true, rows: 2 },
    variableField(
      "question_variable",
      "Answer this saved answer",
      "Leave empty to wait for the visitor's question.",
    ),
    {
      kind: "number",
      name: "min_confidence",
      label: "Minimum confidence (0–1)",
      hint: "How much of a question a passage must cover to be answered (the knowledge base's “Test a question” shows it).",
      min: 0,
      max: 1,
      step: 0.05,
    },
    { kind: "number", name: "max_sources", label: "Passages to cite", min: 1, max: 8 },
  ],
  summary: (c) => text(c, "prompt") || "Answers from the knowledge base",
});

const collectLeadUi = defineNodeUi({
  icon: BOT_NODE_ICONS.collect_lead,
  fields: [
    variableField("email_variable", "Email from answer"),
    variableField("first_name_variable", "First name from answer"),
    variableField("last_name_variable", "Last name from answer"),
    variableField("phone_variable", "Phone from answer"),
    variableField("company_variable", "Company from answer"),
    {
      kind: "strings",
      name: "tags",
      label: "Tags",
      optional: true,
      itemLabel: "Tag",
      addLabel: "Add tag",
      max: 20,
    },
  ],
  summary: (c) =>
    text(c, "email_variable")
      ? `Contact from answers.${text(c, "email_variable")}`
      : "Creates or updates a contact",
});

const tagContactUi = defineNodeUi({
  icon: BOT_NODE_ICONS.tag_contact,
  fields: [{ kind: "strings", name: "tags", label: "Tags", itemLabel: "Tag", addLabel: "Add tag", max: 20 }],
  summary: (c) => (list(c, "tags").length ? list(c, "tags").join(", ") : null),
});

const handoffUi = defineNodeUi({
  icon: BOT_NODE_ICONS.handoff,
  fields: [
    {
      kind: "text",
      name: "message",
      label: "Tell the visitor",
      optional: true,
      multiline: true,
      rows: 2,
    },
  ],
  summary: () => "To the team's inbox",
});

const goalUi = defineNodeUi({
  icon: BOT_NODE_ICONS.goal,
  fields: [
    { kind: "text", name: "name", label: "Goal", expressions: false, placeholder: "Lead captured" },
    { kind: "text", name: "message", label: "Then say", optional: true, multiline: true, rows: 2 },
  ],
  summary: (c) => text(c, "name") || null,
});

const bookAppointmentUi = defineNodeUi({
  icon: BOT_NODE_ICONS.book_appointment,
  fields: [
    {
      kind: "text",
      name: "calendar_id",
      label: "GoHighLevel calendar id",
      mono: true,
      expressions: false,
      placeholder: "sV3BiXrjzbfo1tSUdyHO",
      hint: "In GoHighLevel: Calendars → the calendar's settings. Needs GoHighLevel connected (Starter plan and above).",
    },
    { kind: "text", name: "prompt", label: "Say with the times", multiline: true, rows: 2 },
    {
      kind: "text",
      name: "timezone",
      label: "Time zone",
      expressions: false,
      placeholder: "America/New_York",
    },
    { kind: "number", name: "days_ahead", label: "Days ahead to offer", min: 1, max: 31 },
    { kind: "number", name: "max_slots", label: "Times to offer", min: 2, max: 12 },
    { kind: "text", name: "title", label: "Appointment title" },
    {
      kind: "text",
      name: "confirmation",
      label: "When booked, say",
      multiline: true,
      rows: 2,
      hint: "{{ answers.appointment_time }} is the time booked.",
    },
  ],
  summary: (c) => (text(c, "calendar_id") ? `Calendar ${text(c, "calendar_id")}` : null),
});

function startWorkflowUi(workflows: readonly { id: string; name: string }[]) {
  return defineNodeUi({
    icon: BOT_NODE_ICONS.start_workflow,
    fields: [
      {
        kind: "select",
        name: "mode",
        label: "What to start",
        options: options({
          event: "Emit conversation.started to all workflows",
          workflow: "Run one workflow",
        }),
      },
      {
        kind: "select",
        name: "workflow_id",
        label: "Workflow",
        options: workflows.map((w) => ({ value: w.id, label: w.name })),
        hint: workflows.length === 0 ? "This organization has no workflows yet." : undefined,
        visible: (c) => c.mode === "workflow",
      },
    ],
    summary: (c) =>
      c.mode === "workflow"
        ? (workflows.find((w) => w.id === c.workflow_id)?.name ?? "Choose a workflow")
        : "Emits conversation.started",
  });
}

function uis(workflows: readonly { id: string; name: string }[]): Record<ChatbotNodeType, NodeUi> {
  return {
    start: startUi,
    message: messageUi,
    ask: askUi,
    condition: conditionUi,
    knowledge_answer: knowledgeAnswerUi,
    collect_lead: collectLeadUi,
    tag_contact: tagContactUi,
    handoff: handoffUi,
    goal: goalUi,
    start_workflow: startWorkflowUi(workflows),
    book_appointment: bookAppointmentUi,
  };
}

/** The answers saved by the flow's ask steps, for `{{ answers.… }}` autocomplete. */
function answerVariables(graph: {
  nodes: readonly { type: string; data: { config: LooseConfig } }[];
}): ScopeVariable[] {
  const names = new Set<string>();
  for (const node of graph.nodes) {
    if (node.type === "ask" && typeof node.data.config.variable === "string" && node.data.config.variable)
      names.add(node.data.config.variable);
  }
  return [...names].map((name) => ({ path: `answers.${name}`, type: "string", group: "Answers" }));
}

function schemaIssues(def: NodeTypeDefinition, config: LooseConfig): FieldIssues {
  const issues: FieldIssues = {};
  const parsed = def.configSchema.safeParse(config);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      (issues[issue.path.map(String).join(".")] ??= []).push({ severity: "error", message: issue.message });
  }
  return issues;
}

export function botCanvasRegistry(workflows: readonly { id: string; name: string }[]): CanvasNodeRegistry {
  return defineCanvasRegistry({
    types: chatbotNodeTypes as unknown as readonly NodeTypeDefinition[],
    uis: uis(workflows),
    categories: [
      { id: "trigger", label: "Start" },
      { id: "action", label: "Conversation" },
      { id: "logic", label: "Logic" },
    ],
    variables: (graph) => answerVariables(graph),
    configIssues: (def, config) => schemaIssues(def, config),
    noun: "step",
  });
}
