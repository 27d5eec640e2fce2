import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { upsertContact } from "@/lib/contacts/upsert";
import {
  sql as defaultSql,
  withServiceRoleBypassingRls,
  withServiceRolePipelined,
  type CommitWith,
  type Sql,
  type Tx,
} from "@/lib/db/client";
import { queueAppEventTx } from "@/lib/queue/app-events";
import { queueGhlHandoff } from "./ghl-handoff";
import { withQueueInstalled } from "@/lib/queue/queue";
import { AppError } from "@/lib/errors";
import { llmConfigured, recordLlmUsage, type LlmUsage } from "@/lib/llm";
import type { ModelSettings } from "./bots";
import {
  bookPicked,
  offerSlots,
  pickedSlot,
  type BookingConfig,
  type BookingOutcome,
  type BookingTurn,
  type SlotOffer,
} from "./booking";
import { checkAnswer, fillTemplate, looksLikeAnswerAttempt } from "./flow/answers";
import { cachedNodeConfig, flowColumns, flowFrom, type FlowColumns } from "./flow/cache";
import { answerNode, parseFlow, type FlowDefinition, type FlowNode } from "./flow/definition";
import type { AskKind, FlowConditionOperator } from "./flow/nodes";
import { answerWithLlm, toSource, type AnswerListener } from "./llm-answer";
import { answerPassages, DEFAULT_MIN_CONFIDENCE, searchKnowledge, type KnowledgeHit } from "./retrieval";

/**
 * The chatbot runtime: advances a conversation through the bot's flow, one visitor message at a
 * time. Used by the public chat API (lib/chatbots/public-api.ts) and by the console's test chat
 * (THE API THE CHATBOT CONSOLE USES for the test panel: `startConversation(bot, { channel: "test",
 * useDraft: true })` then `handleVisitorMessage(bot, sessionId, token, text, { useDraft: true })`,
 * after checking the member may read the bot).
 *
 * Runs on the service path (a visitor is no user), in one transaction per message with the session
 * row locked, so two messages of one session never interleave. Tenancy is checked here: the
 * session must belong to the bot, the bot to its organization. What starts workflows
 * (`contact.created`, `conversation.started`, a chosen workflow) is queued in the turn's
 * transaction (lib/engine/app-events.ts) and delivered by a worker once it commits.
 *
 * Steps: message, ask (validated, re-asked), condition, answer from the knowledge base (an
 * configured LLM with citations — lib/llm, streamed to a listener when one is given — else the
 * best matching passage),
 * collect lead (upsertContact), tag contact, hand off, goal reached, start workflow. When the flow
 * has nothing left to do, questions are answered from the knowledge base; asking for a human hands
 * the conversation off. Questions the knowledge base could not answer are flagged for analytics.
 */

export type RuntimeBot = {
  id: string;
  organization_id: string;
  name: string;
  persona: string;
  greeting: string;
  fallback_message: string;
  model_settings: ModelSettings | Record<string, unknown>;
};

export type OutMessage = {
  id: string;
  seq: number;
  role: "user" | "bot" | "agent";
  content: string;
  sources: Source[];
  choices: string[] | null;
  author_name: string | null;
  created_at: Date;
};

export type Source = {
  document_id: string;
  chunk_id: string;
  title: string;
  position: number;
  page: number | null;
  score: number;
};

export type FlowState = {
  /** The node waiting for the visitor's next message (an ask or a knowledge answer). */
  waiting: string | null;
  answers: Record<string, string>;
  attempts: number;
  /** Tags asked for before there was a contact to put them on. */
  pendingTags: string[];
  /** The free times a "Book appointment" step offered, while it waits for the pick. */
  offer: SlotOffer | null;
};

const offerSchema = z.object({
  node: z.string(),
  slots: z.array(z.object({ label: z.string(), start: z.string() })).max(12),
});

export type RuntimeOptions = {
  channel?: "web" | "test";
  /** Run the saved draft instead of the published flow (the console's test chat). */
  useDraft?: boolean;
  origin?: string | null;
  db?: Sql;
  /** Told the answer's passages and text as the LLM writes it (streamed answers). */
  onAnswer?: AnswerListener;
};

export const MAX_VISITOR_MESSAGE = 2000;
const MAX_STEPS_PER_TURN = 100;
const HANDOFF_INTENT =
  /\b(human|real person|live (agent|person|chat)|an? agent|representative|operator|talk to (someone|somebody|a person|support|sales))\b/i;
const DEFAULT_HANDOFF = "I'm passing you to a member of our team. They will reply here shortly.";

type SessionRow = {
  id: string;
  organization_id: string;
  bot_id: string;
  status: "active" | "handed_off" | "closed";
  contact_id: string | null;
  contact_info: Record<string, unknown>;
  goal_reached: boolean;
  flow_state: Partial<FlowState>;
  visitor_token_hash: string;
  channel: string;
};

type Effect =
  | { kind: "event"; event: string; payload: Record<string, unknown> }
  | { kind: "workflow"; workflowId: string; input: Record<string, unknown> };

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Whether `token` is the one whose hash a session keeps (compared in constant time). */
export function visitorTokenMatches(storedHash: string, token: string): boolean {
  const expected = Buffer.from(storedHash, "hex");
  const actual = createHash("sha256").update(token).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function newVisitorToken(): string {
  return randomBytes(32).toString("base64url");
}

type PendingMessage = {
  role: "user" | "bot";
  content: string;
  sources: Source[];
  choices: string[] | null;
  unanswered: boolean;
};

/**
 * A turn: one transaction, the session locked. Messages (the visitor's, then the bot's) are
 * collected as the flow runs and written with the session's new state in one statement at the end.
 */
class Turn {
  readonly pending: PendingMessage[] = [];
  /** The bot's messages as stored, after save(). */
  said: OutMessage[] = [];
  /** The visitor's message as stored, after save(). */
  userMessage: OutMessage | null = null;
  readonly effects: Effect[] = [];
  state: FlowState;
  status: SessionRow["status"];
  contactId: string | null;
  contactInfo: Record<string, unknown>;
  goalReached: boolean;
  pendingUser: PendingMessage | null = null;
  /** A knowledge-base answer worked out before the transaction (see handleVisitorMessage). */
  prepared: PreparedAnswer | null = null;
  /** Tokens and cost of this turn's LLM answer, recorded with the turn. */
  usage: LlmUsage | null = null;

  constructor(
    readonly tx: Tx,
    readonly bot: RuntimeBot,
    readonly session: SessionRow,
    readonly flow: FlowDefinition,
  ) {
    const s = session.flow_state ?? {};
    this.state = {
      waiting: typeof s.waiting === "string" ? s.waiting : null,
      answers: s.answers && typeof s.answers === "object" ? { ...s.answers } : {},
      attempts: typeof s.attempts === "number" ? s.attempts : 0,
      pendingTags: Array.isArray(s.pendingTags) ? [...s.pendingTags] : [],
      offer: offerSchema.safeParse(s.offer).data ?? null,
    };
    this.status = session.status;
    this.contactId = session.contact_id;
    this.contactInfo = { ...(session.contact_info ?? {}) };
    this.goalReached = session.goal_reached;
  }

  async say(content: string, extra: { sources?: Source[]; choices?: string[] } = {}): Promise<void> {
    const text = content.trim().slice(0, 8000);
    if (!text) return;
    this.pending.push({
      role: "bot",
      content: text,
      sources: extra.sources ?? [],
      choices: extra.choices?.length ? extra.choices : null,
      unanswered: false,
    });
  }

  heard(content: string): void {
    this.pendingUser = { role: "user", content, sources: [], choices: null, unanswered: false };
    this.pending.push(this.pendingUser);
  }

  node(id: string | null | undefined): FlowNode | undefined {
    return id ? this.flow.nodes.find((n) => n.id === id) : undefined;
  }

  next(nodeId: string, handle: string): FlowNode | undefined {
    const edge = this.flow.edges.find((e) => e.source === nodeId && e.sourceHandle === handle);
    return this.node(edge?.target);
  }

  connected(nodeId: string, handle: string): boolean {
    return this.next(nodeId, handle) !== undefined;
  }

  /** Runs steps from `node` until one waits for the visitor, the flow ends or it hands off. */
  async run(start: FlowNode | undefined): Promise<void> {
    let node = start;
    for (let steps = 0; node && steps < MAX_STEPS_PER_TURN; steps++) {
      node = await this.step(node);
      if (this.status !== "active") return;
    }
    if (node) {
      console.error(
        `[chatbots] bot ${this.bot.id}: the flow ran ${MAX_STEPS_PER_TURN} steps in one turn; stopped.`,
      );
      this.state.waiting = null;
    }
  }

  fill(text: string): string {
    return fillTemplate(text, this.state.answers);
  }

  /** Executes one step; returns the next one to run, or undefined to stop. */
  private async step(node: FlowNode): Promise<FlowNode | undefined> {
    const config = cachedNodeConfig(node);
    if (!config) {
      // A step left incomplete in the flow: skip past it rather than stall the visitor.
      return this.next(node.id, "out");
    }
    switch (node.type) {
      case "start":
        return this.next(node.id, "out");
      case "message":
        await this.say(this.fill(String(config.text)));
        return this.next(node.id, "out");
      case "ask": {
        const choices = config.kind === "choice" ? (config.choices as string[]) : undefined;
        await this.say(this.fill(String(config.question)), { choices });
        this.state.waiting = node.id;
        this.state.attempts = 0;
        return undefined;
      }
      case "condition":
        return this.next(node.id, evaluate(config, this.state.answers) ? "true" : "false");
      case "knowledge_answer": {
        const variable = String(config.question_variable ?? "");
        const question = variable ? this.state.answers[variable] : undefined;
        if (question) {
          const answered = await this.answer(question, config, this.connected(node.id, "unanswered"));
          const handle = answered ? "answered" : "unanswered";
          if (this.connected(node.id, handle)) return this.next(node.id, handle);
          this.state.waiting = node.id;
          return undefined;
        }
        if (config.prompt) await this.say(this.fill(String(config.prompt)));
        this.state.waiting = node.id;
        return undefined;
      }
      case "collect_lead":
        await this.collectLead(config);
        return this.next(node.id, "out");
      case "tag_contact":
        await this.tag((config.tags as string[]) ?? []);
        return this.next(node.id, "out");
      case "handoff":
        await this.handOff(String(config.message || DEFAULT_HANDOFF));
        return undefined;
      case "goal":
        if (!this.goalReached) {
          this.goalReached = true;
          await this.tx`update public.conversation_sessions set goal_reached = true, goal_reached_at = now()
                        where id = ${this.session.id}`;
        }
        this.state.answers.goal = String(config.name);
        if (config.message) await this.say(this.fill(String(config.message)));
        return this.next(node.id, "out");
      case "book_appointment":
        return this.afterBooking(node, await offerSlots(this.booking(), node.id, config as BookingConfig));
      case "start_workflow": {
        const [first] = await this.tx<{ content: string }[]>`
          select content from public.conversation_messages
          where session_id = ${this.session.id} and role = 'user' order by seq limit 1`;
        const input = this.eventPayload(first?.content ?? this.pendingUser?.content ?? "");
        if (config.mode === "workflow" && config.workflow_id)
          this.effects.push({ kind: "workflow", workflowId: String(config.workflow_id), input });
        else this.effects.push({ kind: "event", event: "conversation.started", payload: input });
        return this.next(node.id, "out");
      }
      default:
        return this.next(node.id, "out");
    }
  }

  /** The turn as the booking step sees it (./booking.ts). */
  booking(): BookingTurn {
    const state = this.state;
    return {
      tx: this.tx,
      organizationId: this.bot.organization_id,
      sessionId: this.session.id,
      answers: state.answers,
      contactInfo: this.contactInfo,
      get offer() {
        return state.offer;
      },
      set offer(value) {
        state.offer = value;
      },
      say: (text, extra) => this.say(text, extra),
      fill: (text) => this.fill(text),
    };
  }

  /** Where the flow goes after a booking step: waits, "Booked", "Not booked" or to the team. */
  async afterBooking(node: FlowNode, outcome: BookingOutcome): Promise<FlowNode | undefined> {
    if (outcome === "waiting") {
      this.state.waiting = node.id;
      return undefined;
    }
    this.state.offer = null;
    if (outcome === "booked") return this.next(node.id, "booked");
    if (this.connected(node.id, "failed")) {
      await this.say(outcome.failed);
      return this.next(node.id, "failed");
    }
    await this.handOff(outcome.failed);
    return undefined;
  }

  /** What `conversation.started` carries (the fields lib/workflows/nodes/event lists, and more). */
  eventPayload(firstMessage: string): Record<string, unknown> {
    return {
      conversation: {
        id: this.session.id,
        channel: "chat",
        first_message: firstMessage,
        bot_id: this.bot.id,
        bot_name: this.bot.name,
        answers: { ...this.state.answers },
        contact_id: this.contactId,
        goal_reached: this.goalReached,
      },
      contact: { id: this.contactId, ...this.contactInfo },
    };
  }

  async handOff(message: string): Promise<void> {
    await this.say(this.fill(message));
    this.status = "handed_off";
    this.state.waiting = null;
    await this.tx`update public.conversation_sessions set status = 'handed_off', handed_off_at = now()
                  where id = ${this.session.id}`;
  }

  private async collectLead(config: Record<string, unknown>): Promise<void> {
    const pick = (key: string) => {
      const variable = String(config[key] ?? "");
      const value = variable ? this.state.answers[variable]?.trim() : undefined;
      return value ? value : undefined;
    };
    const email = pick("email_variable");
    const phone = pick("phone_variable");
    const firstName = pick("first_name_variable");
    const lastName = pick("last_name_variable");
    const companyName = pick("company_variable");
    const tags = [...new Set([...((config.tags as string[]) ?? []), ...this.state.pendingTags])];
    const emailOk = email && z.email().safeParse(email).success ? email : undefined;
    const phoneOk = phone && phone.length >= 3 && phone.length <= 40 ? phone : undefined;
    if (!emailOk && !phoneOk && !this.contactId) return; // nothing to know the lead by
    let contact: { id: string } & Record<string, unknown>;
    let created = false;
    // A visitor is anonymous: typing someone's email must not rewrite what the team knows about
    // that contact. An existing contact (this session's, or the one with that email) only gets
    // the details it lacks, and the tags.
    const [known] = emailOk
      ? await this.tx<{ id: string }[]>`
          select id from public.contacts where organization_id = ${this.bot.organization_id} and email = ${emailOk}`
      : [];
    const existingId = known?.id ?? (emailOk ? null : this.contactId);
    if (existingId) {
      const [row] = await this.tx`
        update public.contacts set
          phone = coalesce(phone, ${phoneOk ?? null}), first_name = coalesce(first_name, ${firstName?.slice(0, 200) ?? null}),
          last_name = coalesce(last_name, ${lastName?.slice(0, 200) ?? null}),
          company_name = coalesce(company_name, ${companyName?.slice(0, 200) ?? null}),
          tags = array(select distinct t from unnest(tags || ${tags}::text[]) as t order by t)
        where id = ${existingId} and organization_id = ${this.bot.organization_id}
        returning *`;
      if (!row) return;
      contact = row as typeof contact;
    } else {
      const result = await upsertContact(this.tx, this.bot.organization_id, {
        email: emailOk ?? null,
        phone: phoneOk ?? null,
        firstName: firstName?.slice(0, 200) ?? null,
        lastName: lastName?.slice(0, 200) ?? null,
        companyName: companyName?.slice(0, 200) ?? null,
        tags,
        source: "chatbot",
      });
      contact = result.contact as unknown as typeof contact;
      created = result.created;
    }
    this.contactId = contact.id;
    this.state.pendingTags = [];
    this.state.answers.contact_id = contact.id;
    Object.assign(
      this.contactInfo,
      Object.fromEntries(
        Object.entries({
          email: emailOk,
          phone: phoneOk,
          first_name: firstName,
          last_name: lastName,
          company_name: companyName,
        }).filter(([, v]) => v),
      ),
    );
    if (created) {
      const { custom_fields: _c, ...plain } = contact as Record<string, unknown>;
      this.effects.push({ kind: "event", event: "contact.created", payload: { contact: plain } });
    }
  }

  private async tag(tags: string[]): Promise<void> {
    if (!tags.length) return;
    if (!this.contactId) {
      this.state.pendingTags = [...new Set([...this.state.pendingTags, ...tags])];
      return;
    }
    await this.tx`
      update public.contacts set tags = array(select distinct t from unnest(tags || ${tags}::text[]) as t order by t)
      where id = ${this.contactId} and organization_id = ${this.bot.organization_id}`;
  }

  /**
   * Answers `question` from the knowledge base. Says the answer, or the bot's fallback when there
   * is none and `quietWhenUnanswered` is false (the flow goes on to handle it). Returns whether it
   * answered; an unanswered question is flagged on the visitor's message. Uses the answer prepared
   * before the transaction (with the LLM called outside it) when it is for this very question.
   */
  async answer(
    question: string,
    config: Record<string, unknown>,
    quietWhenUnanswered: boolean,
  ): Promise<boolean> {
    const settings = answerSettings(config);
    const p = this.prepared;
    const prepared =
      p &&
      p.question === question &&
      p.minConfidence === settings.minConfidence &&
      p.maxSources === settings.maxSources
        ? p
        : await prepareAnswer(this.tx, this.bot, this.session.id, question, settings).then((r) =>
            completeAnswer(this.bot, r),
          );
    const outcome = prepared.llm;
    this.usage = prepared.usage ?? null;
    if (!prepared.relevant.length || outcome === "no_answer") {
      if (this.pendingUser) this.pendingUser.unanswered = true;
      if (!quietWhenUnanswered) await this.say(this.bot.fallback_message);
      return false;
    }
    if (typeof outcome === "object") {
      await this.say(outcome.text, { sources: outcome.sources });
      return true;
    }
    const best = prepared.relevant[0]!;
    await this.say(passageAnswer(best), { sources: [toSource(best)] });
    return true;
  }

  /**
   * Writes this turn's messages (in order) and the session's new state, clock and counter, in one
   * statement.
   */
  async save(commitWith?: CommitWith): Promise<void> {
    // The workflows this turn asks for are queued with it (the outbox: committed together).
    for (const effect of this.effects)
      await queueAppEventTx(this.tx, { ...effect, organizationId: this.bot.organization_id });
    // Handed over in this turn: the team is told by the database's trigger (private.notify: the
    // bell, email, push, chat, as each person chose).
    // Handed over (now, or before and the visitor writes again): into GoHighLevel's conversations too.
    if (this.status === "handed_off" && this.session.channel === "web")
      await queueGhlHandoff(this.tx, this.bot.organization_id, this.session.id);
    if (this.usage) await recordLlmUsage(this.tx, this.bot.organization_id, this.usage);
    const messages = this.pending.map((m, ord) => ({ ...m, ord }));
    const statement = this.tx<OutMessage[]>`
      with inserted as (
        insert into public.conversation_messages
          (organization_id, session_id, role, content, sources, choices, unanswered)
        select ${this.bot.organization_id}::uuid, ${this.session.id}::uuid, m.role, m.content, m.sources,
               case when jsonb_typeof(m.choices) = 'array' then array(select jsonb_array_elements_text(m.choices)) end,
               m.unanswered
        from jsonb_to_recordset(${this.tx.json(messages as never)}::jsonb)
          as m (role text, content text, sources jsonb, choices jsonb, unanswered boolean, ord int)
        order by m.ord
        returning id, seq, role, content, sources, choices, author_name, created_at
      ),
      session as (
        update public.conversation_sessions
        set flow_state = ${this.tx.json(this.state as never)}, contact_id = ${this.contactId},
            contact_info = ${this.tx.json(this.contactInfo as never)},
            message_count = message_count + ${messages.length},
            last_message_at = case when ${messages.length} > 0 then now() else last_message_at end
        where id = ${this.session.id}
      )
      select * from inserted order by seq`;
    const rows = commitWith ? await commitWith(statement) : await statement;
    const stored = rows.map((r) => ({ ...r, seq: Number(r.seq) }));
    this.userMessage = stored.find((m) => m.role === "user") ?? null;
    this.said = stored.filter((m) => m.role !== "user");
  }
}

type AnswerSettings = { minConfidence: number; maxSources: number };

function answerSettings(config: Record<string, unknown>): AnswerSettings {
  return {
    minConfidence: typeof config.min_confidence === "number" ? config.min_confidence : DEFAULT_MIN_CONFIDENCE,
    maxSources: typeof config.max_sources === "number" ? config.max_sources : 3,
  };
}

/**
 * A knowledge-base answer: the relevant chunks, and what the LLM made of them ("off" when no
 * provider is configured or nothing was relevant, "failed" when it could not be reached).
 */
export type PreparedAnswer = AnswerSettings & {
  question: string;
  relevant: KnowledgeHit[];
  history: { role: string; content: string }[];
  llm: { text: string; sources: Source[] } | "no_answer" | "failed" | "off";
  usage?: LlmUsage;
};

/** Retrieval (and the recent transcript for the LLM), in a transaction. */
async function prepareAnswer(
  tx: Tx,
  bot: RuntimeBot,
  sessionId: string,
  question: string,
  settings: AnswerSettings,
): Promise<PreparedAnswer> {
  const { hits } = await searchKnowledge(tx, bot.id, question, {
    limit: settings.maxSources,
    minConfidence: settings.minConfidence,
  });
  const relevant = answerPassages(hits);
  const history =
    relevant.length && llmConfigured()
      ? await tx<{ role: string; content: string }[]>`
          select role, content from (
            select role, content, seq from public.conversation_messages where session_id = ${sessionId}
            order by seq desc limit 6) m
          order by seq`
      : [];
  return { ...settings, question, relevant, history, llm: "off" };
}

/** The LLM's answer from the prepared chunks, when a provider is configured. */
async function completeAnswer(
  bot: RuntimeBot,
  prepared: PreparedAnswer,
  listener?: AnswerListener,
): Promise<PreparedAnswer> {
  if (!llmConfigured() || !prepared.relevant.length) return prepared;
  try {
    const { answer, usage } = await answerWithLlm(
      bot,
      prepared.history,
      prepared.question,
      prepared.relevant,
      listener,
    );
    return { ...prepared, llm: answer ?? "no_answer", usage };
  } catch (e) {
    console.error(
      `[chatbots] bot ${bot.id}: LLM answer failed, using the best passage: ${(e as Error).message}`,
    );
    return { ...prepared, llm: "failed", usage: (e as { usage?: LlmUsage }).usage };
  }
}

/**
 * With an LLM configured, works out the answer to a visitor's question before the turn's
 * transaction when the session would answer it from the knowledge base, so the (slow) LLM call
 * holds no connection and no lock. Reads without locking; the turn uses it only if it then
 * answers this very question with the same settings.
 */
async function prepareOutsideTransaction(
  bot: RuntimeBot,
  sessionId: string,
  visitorToken: string,
  content: string,
  useDraft: boolean,
  db: Sql,
  listener?: AnswerListener,
): Promise<PreparedAnswer | null> {
  if (!llmConfigured() || HANDOFF_INTENT.test(content) || !isUuid(sessionId)) return null;
  const prepared = await withServiceRoleBypassingRls(async (tx) => {
    const [row] = await tx<
      ({ status: string; flow_state: Partial<FlowState>; visitor_token_hash: string } & FlowColumns)[]
    >`
      select s.status, s.flow_state, s.visitor_token_hash, ${flowColumns(tx, bot.id, useDraft)}
      from public.conversation_sessions s
      left join public.chatbot_workflows w on w.bot_id = s.bot_id and w.organization_id = s.organization_id
      where s.id = ${sessionId} and s.bot_id = ${bot.id} and s.organization_id = ${bot.organization_id}`;
    if (!row || row.status !== "active" || !visitorTokenMatches(row.visitor_token_hash, visitorToken))
      return null;
    const flow = flowFrom(bot.id, useDraft, row) ?? (await loadFlowUncached(tx, bot, useDraft));
    const waitingId = typeof row.flow_state?.waiting === "string" ? row.flow_state.waiting : null;
    const waiting = waitingId ? flow.nodes.find((n) => n.id === waitingId) : undefined;
    const config =
      waiting?.type === "knowledge_answer"
        ? cachedNodeConfig(waiting)
        : !waiting || otherQuestionAt(waiting, content)
          ? answerConfig(flow)
          : null;
    if (!config) return null;
    return prepareAnswer(tx, bot, sessionId, content, answerSettings(config));
  }, db);
  return prepared ? completeAnswer(bot, prepared, listener) : null;
}

/** The answer without an LLM: the best passage, cut at a sentence near 700 characters. */
export function passageAnswer(hit: Pick<KnowledgeHit, "content">): string {
  const text = hit.content.trim();
  if (text.length <= 700) return text;
  const cut = text.slice(0, 700);
  const end = Math.max(cut.lastIndexOf(". "), cut.lastIndexOf("? "), cut.lastIndexOf("! "));
  return end > 200 ? cut.slice(0, end + 1) : `${cut.replace(/\s+\S*$/, "")}…`;
}

export function evaluate(config: Record<string, unknown>, answers: Record<string, string>): boolean {
  const left = (answers[String(config.variable)] ?? "").trim().toLowerCase();
  const right = String(config.value ?? "")
    .trim()
    .toLowerCase();
  switch (config.operator as FlowConditionOperator) {
    case "equals":
      return left === right;
    case "not_equals":
      return left !== right;
    case "contains":
      return right !== "" && left.includes(right);
    case "is_empty":
      return left === "";
    case "is_not_empty":
      return left !== "";
    default:
      return false;
  }
}

async function loadFlow(tx: Tx, bot: RuntimeBot, useDraft: boolean): Promise<FlowDefinition> {
  const [row] = await tx<FlowColumns[]>`
    select ${flowColumns(tx, bot.id, useDraft)} from public.chatbot_workflows w
    where w.bot_id = ${bot.id} and w.organization_id = ${bot.organization_id}`;
  if (!row) return parseFlow(null);
  return flowFrom(bot.id, useDraft, row) ?? loadFlowUncached(tx, bot, useDraft);
}

async function loadFlowUncached(tx: Tx, bot: RuntimeBot, useDraft: boolean): Promise<FlowDefinition> {
  const [row] = await tx<{ definition: unknown; published_definition: unknown }[]>`
    select definition, published_definition from public.chatbot_workflows
    where bot_id = ${bot.id} and organization_id = ${bot.organization_id}`;
  if (!row) return parseFlow(null);
  return parseFlow(useDraft ? row.definition : (row.published_definition ?? row.definition));
}

export type StartedConversation = {
  sessionId: string;
  /** Give it back with every message; only its hash is stored. */
  visitorToken: string;
  status: SessionRow["status"];
  messages: OutMessage[];
};

/**
 * Starts a session in the caller's (service-path) transaction: the greeting, then the flow up to
 * its first question.
 */
export async function startConversationTx(
  tx: Tx,
  bot: RuntimeBot,
  options: Omit<RuntimeOptions, "db"> & { commitWith?: CommitWith } = {},
): Promise<StartedConversation> {
  const visitorToken = newVisitorToken();
  // Both statements sent at once (one round trip).
  const [[session], flow] = await Promise.all([
    tx<SessionRow[]>`
      insert into public.conversation_sessions (organization_id, bot_id, channel, visitor_token_hash, origin)
      values (${bot.organization_id}, ${bot.id}, ${options.channel ?? "web"}, ${hashToken(visitorToken)},
              ${options.origin?.slice(0, 300) ?? null})
      returning id, organization_id, bot_id, status, contact_id, contact_info, goal_reached, flow_state,
                visitor_token_hash, channel`,
    loadFlow(tx, bot, options.useDraft ?? false),
  ]);
  const turn = new Turn(tx, bot, session!, flow);
  if (bot.greeting.trim()) await turn.say(bot.greeting);
  const start = flow.nodes.find((n) => n.type === "start");
  if (start) await turn.run(start);
  await turn.save(options.commitWith);
  return { sessionId: turn.session.id, visitorToken, status: turn.status, messages: turn.said };
}

/** Starts a session in a transaction of its own (the console's test chat). */
export async function startConversation(
  bot: RuntimeBot,
  options: RuntimeOptions = {},
): Promise<StartedConversation> {
  const db = options.db ?? defaultSql();
  return withQueueInstalled(db, () =>
    withServiceRolePipelined(
      (tx, commitWith) => startConversationTx(tx, bot, { ...options, commitWith }),
      db,
    ),
  );
}

export type TurnResult = {
  status: SessionRow["status"];
  /** The visitor's message as stored, then the bot's replies (none when a human has taken over). */
  userMessage: OutMessage;
  messages: OutMessage[];
  goalReached: boolean;
};

export function checkVisitorText(text: string): string {
  const content = text.trim();
  if (!content)
    throw new AppError("validation_failed", "Type a message first.", { text: ["Type a message first."] });
  if (content.length > MAX_VISITOR_MESSAGE)
    throw new AppError("validation_failed", `Messages may be at most ${MAX_VISITOR_MESSAGE} characters.`, {
      text: [`Messages may be at most ${MAX_VISITOR_MESSAGE} characters.`],
    });
  return content;
}

/**
 * Handles one visitor message in the caller's (service-path) transaction: stores it, then lets
 * the flow answer. The session must belong to `bot` and `visitorToken` must be its token (else not
 * found: nothing is revealed).
 */
export async function handleVisitorMessageTx(
  tx: Tx,
  bot: RuntimeBot,
  sessionId: string,
  visitorToken: string,
  text: string,
  options: Omit<RuntimeOptions, "db"> & { prepared?: PreparedAnswer | null; commitWith?: CommitWith } = {},
): Promise<TurnResult> {
  const content = checkVisitorText(text);
  const { session, flow } = await lockSession(tx, bot, sessionId, visitorToken, options.useDraft ?? false);
  if (session.status === "closed")
    throw new AppError("gone", "This conversation has ended. Start a new one to keep chatting.");
  const turn = new Turn(tx, bot, session, flow);
  turn.prepared = options.prepared ?? null;
  turn.heard(content);
  if (session.status === "active") await respond(turn, content);
  await turn.save(options.commitWith);
  return {
    status: turn.status,
    userMessage: turn.userMessage!,
    messages: turn.said,
    goalReached: turn.goalReached,
  };
}

/** Handles one visitor message in a transaction of its own (the console's test chat). */
export async function handleVisitorMessage(
  bot: RuntimeBot,
  sessionId: string,
  visitorToken: string,
  text: string,
  options: RuntimeOptions = {},
): Promise<TurnResult> {
  const db = options.db ?? defaultSql();
  const content = checkVisitorText(text);
  const prepared = await prepareOutsideTransaction(
    bot,
    sessionId,
    visitorToken,
    content,
    options.useDraft ?? false,
    db,
    options.onAnswer,
  );
  return withQueueInstalled(db, () =>
    withServiceRolePipelined(
      (tx, commitWith) =>
        handleVisitorMessageTx(tx, bot, sessionId, visitorToken, text, { ...options, prepared, commitWith }),
      db,
    ),
  );
}

async function respond(turn: Turn, content: string): Promise<void> {
  const waiting = turn.node(turn.state.waiting);
  const config = waiting ? cachedNodeConfig(waiting) : null;
  if (waiting && config && waiting.type === "ask") {
    const kind = config.kind as AskKind;
    const checked = checkAnswer(kind, content, (config.choices as string[]) ?? []);
    if (!checked.ok && otherQuestionAt(waiting, content)) {
      await answerOtherQuestion(turn, config, content);
      return;
    }
    if (!checked.ok) {
      turn.state.attempts += 1;
      const maxAttempts = Number(config.max_attempts ?? 3);
      if (turn.state.attempts >= maxAttempts && turn.connected(waiting.id, "failed")) {
        turn.state.waiting = null;
        turn.state.attempts = 0;
        await turn.run(turn.next(waiting.id, "failed"));
        return;
      }
      const retry = String(config.retry_message || checked.reason);
      await turn.say(`${retry}\n\n${String(config.question)}`, {
        choices: kind === "choice" ? (config.choices as string[]) : undefined,
      });
      return;
    }
    turn.state.answers[String(config.variable)] = checked.value;
    if (kind === "email") turn.contactInfo.email = checked.value;
    if (kind === "phone") turn.contactInfo.phone = checked.value;
    turn.state.waiting = null;
    turn.state.attempts = 0;
    await turn.run(turn.next(waiting.id, "out"));
    return;
  }
  if (HANDOFF_INTENT.test(content)) {
    await turn.handOff(DEFAULT_HANDOFF);
    return;
  }
  if (waiting && config && waiting.type === "book_appointment") {
    await respondToOffer(turn, waiting, config as BookingConfig, content);
    return;
  }
  if (waiting && config && waiting.type === "knowledge_answer") {
    const unansweredConnected = turn.connected(waiting.id, "unanswered");
    const answered = await turn.answer(content, config, unansweredConnected);
    const handle = answered ? "answered" : "unanswered";
    if (turn.connected(waiting.id, handle)) {
      turn.state.waiting = null;
      await turn.run(turn.next(waiting.id, handle));
    }
    return;
  }
  // The flow has nothing left to ask: answer from the knowledge base.
  turn.state.waiting = null;
  await turn.answer(content, answerConfig(turn.flow), false);
}

/**
 * The visitor's reply to offered times: a pick is booked; a question instead is answered from the
 * knowledge base and the times stay offered (an offer, not a wall).
 */
async function respondToOffer(turn: Turn, node: FlowNode, config: BookingConfig, content: string) {
  const offer = turn.state.offer?.node === node.id ? turn.state.offer : null;
  if (offer && !pickedSlot(offer, content) && /\s\S+\s|\?/.test(content)) {
    if (await turn.answer(content, answerConfig(turn.flow), true)) {
      await turn.say(turn.fill(config.prompt), { choices: offer.slots.map((s) => s.label) });
      return;
    }
  }
  const outcome = await bookPicked(turn.booking(), node.id, config, content);
  if (outcome === "waiting") return;
  turn.state.waiting = null;
  await turn.run(await turn.afterBooking(node, outcome));
}

/** The answer settings of the flow's "Answer from knowledge base" step (defaults when none). */
function answerConfig(flow: FlowDefinition): Record<string, unknown> {
  const node = answerNode(flow);
  return (node && cachedNodeConfig(node)) ?? {};
}

/**
 * Whether the visitor's reply to an ask step that allows other questions is one: not a valid
 * answer, and not an attempt at one (an email with a typo is asked for again instead).
 */
function otherQuestionAt(node: FlowNode, content: string): boolean {
  const config = node.type === "ask" ? cachedNodeConfig(node) : null;
  if (!config?.allow_other_questions) return false;
  const kind = config.kind as AskKind;
  return (
    !checkAnswer(kind, content, (config.choices as string[]) ?? []).ok &&
    !looksLikeAnswerAttempt(kind, content)
  );
}

/**
 * A question asked instead of answering an ask step that allows it: answered from the knowledge
 * base (or handed off, when the visitor asks for a person). The step keeps waiting, so the visitor
 * can still answer it; a question the knowledge base cannot answer is met with the step's question
 * again (the default flow's: "…or ask me something else").
 */
async function answerOtherQuestion(turn: Turn, config: Record<string, unknown>, content: string) {
  if (HANDOFF_INTENT.test(content)) {
    await turn.handOff(DEFAULT_HANDOFF);
    return;
  }
  if (await turn.answer(content, answerConfig(turn.flow), true)) return;
  await turn.say(turn.fill(String(config.question)), {
    choices: config.kind === "choice" ? (config.choices as string[]) : undefined,
  });
}

async function lockSession(
  tx: Tx,
  bot: RuntimeBot,
  sessionId: string,
  visitorToken: string,
  useDraft: boolean,
): Promise<{ session: SessionRow; flow: FlowDefinition }> {
  if (!isUuid(sessionId)) throw conversationNotFound();
  // The session (locked) and the bot's flow (when not cached) in one round trip.
  const [row] = await tx<(SessionRow & FlowColumns)[]>`
    select s.id, s.organization_id, s.bot_id, s.status, s.contact_id, s.contact_info, s.goal_reached, s.flow_state,
           s.visitor_token_hash, s.channel, ${flowColumns(tx, bot.id, useDraft)}
    from public.conversation_sessions s
    left join public.chatbot_workflows w on w.bot_id = s.bot_id and w.organization_id = s.organization_id
    where s.id = ${sessionId} and s.bot_id = ${bot.id} and s.organization_id = ${bot.organization_id}
    for update of s`;
  if (!row || !visitorTokenMatches(row.visitor_token_hash, visitorToken)) throw conversationNotFound();
  const { flow_stamp, flow_definition, ...session } = row;
  const flow =
    flowFrom(bot.id, useDraft, { flow_stamp, flow_definition }) ??
    (await loadFlowUncached(tx, bot, useDraft));
  return { session, flow };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (value: string) => UUID.test(value);
const conversationNotFound = () =>
  new AppError("not_found", "This conversation was not found. Start a new one.");

/** Messages after `afterSeq` for the visitor (agent replies reach the widget this way). */
export async function visitorMessagesTx(
  tx: Tx,
  bot: RuntimeBot,
  sessionId: string,
  visitorToken: string,
  afterSeq: number,
): Promise<{ status: SessionRow["status"]; messages: OutMessage[] }> {
  if (!isUuid(sessionId)) throw conversationNotFound();
  const [session] = await tx<{ status: SessionRow["status"]; visitor_token_hash: string }[]>`
    select status, visitor_token_hash from public.conversation_sessions
    where id = ${sessionId} and bot_id = ${bot.id} and organization_id = ${bot.organization_id}`;
  if (!session || !visitorTokenMatches(session.visitor_token_hash, visitorToken))
    throw conversationNotFound();
  const rows = await tx<OutMessage[]>`
    select id, seq, role, content, sources, choices, author_name, created_at from public.conversation_messages
    where session_id = ${sessionId} and organization_id = ${bot.organization_id} and seq > ${afterSeq}
    order by seq limit 200`;
  return { status: session.status, messages: rows.map((r) => ({ ...r, seq: Number(r.seq) })) };
}

export async function visitorMessages(
  bot: RuntimeBot,
  sessionId: string,
  visitorToken: string,
  afterSeq: number,
  db: Sql = defaultSql(),
): Promise<{ status: SessionRow["status"]; messages: OutMessage[] }> {
  return withServiceRoleBypassingRls(
    (tx) => visitorMessagesTx(tx, bot, sessionId, visitorToken, afterSeq),
    db,
  );
}
