import {
  type BotFlowTemplate,
  ask,
  chain,
  edge,
  EMAIL_RETRY,
  flowOf,
  lead,
  node,
  PHONE_RETRY,
  TELL_WORKFLOWS,
} from "./template-parts";

/** The offered flows that serve visitors out of hours and with quotes. */
export const serviceTemplates: readonly BotFlowTemplate[] = [
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
