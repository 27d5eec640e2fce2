import type { CommitWith, Tx } from "@/lib/db/client";
import { recordLlmUsage, type LlmUsage } from "@/lib/llm";
import { queueAppEventTx } from "@/lib/queue/app-events";
import type { BookingOutcome, BookingTurn } from "../booking";
import { fillTemplate } from "../flow/answers";
import type { FlowDefinition, FlowNode } from "../flow/definition";
import { queueGhlHandoff } from "../ghl-handoff";
import { toSource } from "../llm-answer";
import { answerSettings, completeAnswer, passageAnswer, prepareAnswer, type PreparedAnswer } from "./answers";
import {
  offerSchema,
  type Effect,
  type FlowState,
  type OutMessage,
  type PendingMessage,
  type RuntimeBot,
  type SessionRow,
  type Source,
} from "./types";

/**
 * A turn: one transaction, the session locked. Messages (the visitor's, then the bot's) are
 * collected as the flow runs and written with the session's new state in one statement at the end.
 */
export class Turn {
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

  fill(text: string): string {
    return fillTemplate(text, this.state.answers);
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
