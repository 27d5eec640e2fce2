import { z } from "zod";
import type { ModelSettings } from "../bots";
import type { SlotOffer } from "../booking";

/** The runtime's shapes: the bot, messages, the session row and its flow state (./index.ts). */

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

export const offerSchema = z.object({
  node: z.string(),
  slots: z.array(z.object({ label: z.string(), start: z.string() })).max(12),
});

export const MAX_VISITOR_MESSAGE = 2000;
export const MAX_STEPS_PER_TURN = 100;
export const HANDOFF_INTENT =
  /\b(human|real person|live (agent|person|chat)|an? agent|representative|operator|talk to (someone|somebody|a person|support|sales))\b/i;
export const DEFAULT_HANDOFF = "I'm passing you to a member of our team. They will reply here shortly.";

export type SessionRow = {
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

export type Effect =
  | { kind: "event"; event: string; payload: Record<string, unknown> }
  | { kind: "workflow"; workflowId: string; input: Record<string, unknown> };

export type PendingMessage = {
  role: "user" | "bot";
  content: string;
  sources: Source[];
  choices: string[] | null;
  unanswered: boolean;
};
