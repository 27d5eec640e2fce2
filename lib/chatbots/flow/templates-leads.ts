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

/** The offered flows that win leads: FAQ + lead capture, an appointment request, lead qualification. */
export const leadTemplates: readonly BotFlowTemplate[] = [
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
];
