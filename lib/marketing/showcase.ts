import { botFlowTemplate } from "@/lib/chatbots/flow/templates";
import { checkAnswer, fillTemplate } from "@/lib/chatbots/flow/answers";
import type { AskKind } from "@/lib/chatbots/flow/nodes";
import { computeCommission, type RuleSpec } from "@/lib/commissions/math";
import { formatMinor } from "@/lib/commissions/money";
import type { WorkflowDefinition } from "@/lib/workflows/definition";
import { getNodeType } from "@/lib/workflows/nodes/registry";
import type { NodeCategory } from "@/lib/workflows/nodes/types";

/**
 * The product pictures of the landing page, made from the product itself rather than drawn by
 * hand: a shipped workflow template laid out as the builder shows it, a conversation that follows
 * a shipped bot flow template, and a statement whose lines the commission math works out.
 */

// ---------------------------------------------------------------------------------------------
// The builder: a workflow's cards and connections at fixed sizes, left to right as the canvas
// lays them out (wide screens), or as a tree of steps from the trigger down (phones).

export type CanvasCard = {
  id: string;
  type: string;
  label: string;
  /** The step type's name ("Notify team", "Condition" …). */
  kind: string;
  category: NodeCategory;
  x: number;
  y: number;
};
export type CanvasEdge = { id: string; d: string; label?: { text: string; x: number; y: number } };
export type CanvasModel = {
  width: number;
  height: number;
  card: { w: number; h: number };
  cards: CanvasCard[];
  edges: CanvasEdge[];
};

const CARD = { w: 216, h: 64 };
const PAD = 16;

function cardOf(node: WorkflowDefinition["nodes"][number], x = 0, y = 0): CanvasCard {
  const type = getNodeType(node.type);
  return {
    id: node.id,
    type: node.type,
    label: node.data.label?.trim() || type?.label || node.type,
    kind: type?.label ?? node.type,
    category: type?.category ?? "action",
    x,
    y,
  };
}

/** The name of the output an edge leaves from, when its step has more than one (True, False, a case). */
function branchLabel(definition: WorkflowDefinition, edge: WorkflowDefinition["edges"][number]) {
  const source = definition.nodes.find((n) => n.id === edge.source);
  const outputs = source ? (getNodeType(source.type)?.outputs(source.data.config) ?? []) : [];
  return outputs.length > 1 ? outputs.find((h) => h.id === edge.sourceHandle)?.label : undefined;
}

export function canvasModel(definition: WorkflowDefinition): CanvasModel {
  // Template positions are on a 320 × 150 grid; closer together here, so the picture reads at page width.
  const minX = Math.min(...definition.nodes.map((n) => n.position.x));
  const minY = Math.min(...definition.nodes.map((n) => n.position.y));
  const cards = definition.nodes.map((n) =>
    cardOf(n, Math.round(PAD + (n.position.x - minX) * 0.85), Math.round(PAD + (n.position.y - minY) * 0.8)),
  );
  const byId = new Map(cards.map((c) => [c.id, c]));
  const edges: CanvasEdge[] = [];
  for (const e of definition.edges) {
    const from = byId.get(e.source);
    const to = byId.get(e.target);
    if (!from || !to) continue;
    const [x1, y1, x2, y2] = [from.x + CARD.w, from.y + CARD.h / 2, to.x, to.y + CARD.h / 2];
    const c = Math.max((x2 - x1) / 2, 20);
    const label = branchLabel(definition, e);
    edges.push({
      id: e.id,
      d: `M${x1} ${y1}C${x1 + c} ${y1} ${x2 - c} ${y2} ${x2} ${y2}`,
      // Named just before the step it leads to, where the curve has flattened out.
      label: label ? { text: label, x: x2 - 10, y: y2 - 7 } : undefined,
    });
  }
  return {
    width: Math.max(...cards.map((c) => c.x)) + CARD.w + PAD,
    height: Math.max(...cards.map((c) => c.y)) + CARD.h + PAD,
    card: CARD,
    cards,
    edges,
  };
}

export type StepTree = { card: CanvasCard; via?: string; next: StepTree[] };

/** The steps from the trigger on, each with the steps after it (a branch per output); null without a trigger. */
export function stepTree(definition: WorkflowDefinition): StepTree | null {
  const trigger = definition.nodes.find((n) => getNodeType(n.type)?.category === "trigger");
  if (!trigger) return null;
  const seen = new Set<string>();
  const grow = (node: WorkflowDefinition["nodes"][number], via?: string): StepTree => {
    seen.add(node.id);
    const next: StepTree[] = [];
    for (const e of definition.edges.filter((x) => x.source === node.id)) {
      const target = definition.nodes.find((n) => n.id === e.target);
      if (target && !seen.has(target.id)) next.push(grow(target, branchLabel(definition, e)));
    }
    return { card: cardOf(node), ...(via ? { via } : {}), next };
  };
  return grow(trigger);
}

// ---------------------------------------------------------------------------------------------
// The chatbot: a visitor going through the "Book an appointment request" flow.

export type ChatLine = { from: "bot" | "visitor"; text: string; choices?: string[] };

const VISITOR_REPLIES = ["Estimate", "Tuesday morning", "Ana", "+1 555 010 1234"];

export function appointmentConversation(): { lines: ChatLine[]; goal: string } {
  const template = botFlowTemplate("appointment-request")!;
  const flow = template.flow();
  const answers: Record<string, string> = {};
  const lines: ChatLine[] = [{ from: "bot", text: template.greeting ?? "" }];
  const next = (id: string) =>
    flow.nodes.find((n) => n.id === flow.edges.find((e) => e.source === id)?.target);
  let node = next("start_1");
  let replies = 0;
  let goal = "";
  while (node) {
    const c = node.data.config;
    if (node.type === "ask") {
      const choices = c.kind === "choice" ? (c.choices as string[]) : undefined;
      lines.push({ from: "bot", text: fillTemplate(String(c.question), answers), choices });
      const reply = VISITOR_REPLIES[replies++] ?? "";
      lines.push({ from: "visitor", text: reply });
      const checked = checkAnswer(c.kind as AskKind, reply, choices ?? []);
      answers[String(c.variable)] = checked.ok ? checked.value : reply;
    } else if (node.type === "goal") {
      goal = String(c.name);
      lines.push({ from: "bot", text: fillTemplate(String(c.message), answers) });
    }
    node = next(node.id);
  }
  return { lines, goal };
}

// ---------------------------------------------------------------------------------------------
// Commissions: a rep's month under a tiered plan with an accelerated tier above quota.

export type StatementLine = {
  date: string;
  deal: string;
  sale: string;
  commission: string;
  how: string;
  status: "paid" | "approved" | "pending";
};

const PLAN: RuleSpec = {
  kind: "tiered",
  quotaMinor: 2_000_000n,
  tiers: [
    { fromPercent: 0, ratePercent: 8 },
    { fromPercent: 100, ratePercent: 12 },
  ],
};
const DEALS = [
  { date: "Nov 4", deal: "Roof replacement: Silva", minor: 840_000n, status: "paid" },
  { date: "Nov 11", deal: "Gutter repair: Chen", minor: 125_000n, status: "paid" },
  { date: "Nov 18", deal: "Storm damage: Patel", minor: 690_000n, status: "approved" },
  { date: "Nov 26", deal: "Full re-roof: Okafor", minor: 980_000n, status: "pending" },
] as const;

export function sampleStatement(currency = "USD") {
  let prior = 0n;
  let earned = 0n;
  const totals = { paid: 0n, approved: 0n, pending: 0n };
  const lines: StatementLine[] = DEALS.map((d) => {
    const result = computeCommission({
      rule: PLAN,
      baseMinor: d.minor,
      currency,
      priorBaseMinor: prior,
      priorCommissionMinor: earned,
    });
    prior += d.minor;
    earned += result.amountMinor;
    totals[d.status] += result.amountMinor;
    return {
      date: d.date,
      deal: d.deal,
      sale: formatMinor(d.minor, currency),
      commission: formatMinor(result.amountMinor, currency),
      how: result.explanation,
      status: d.status,
    };
  });
  return {
    rep: "Maria Lopez",
    period: "November",
    lines,
    totals: {
      pending: formatMinor(totals.pending, currency),
      approved: formatMinor(totals.approved, currency),
      paid: formatMinor(totals.paid, currency),
    },
  };
}
