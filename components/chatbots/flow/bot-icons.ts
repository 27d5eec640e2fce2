import {
  BookOpenText,
  CalendarCheck,
  CircleHelp,
  Flag,
  GitBranch,
  Headset,
  MessageSquare,
  Play,
  Tag,
  UserPlus,
  Workflow,
  type LucideIcon,
} from "lucide-react";
import type { ChatbotNodeType } from "@/lib/chatbots/flow/nodes";

/**
 * Each chatbot step type's icon: on the flow canvas (bot-registry.tsx) and in flow previews. A
 * module of its own, with no client code, so a preview can draw them without the canvas.
 */
export const BOT_NODE_ICONS = {
  start: Play,
  message: MessageSquare,
  ask: CircleHelp,
  condition: GitBranch,
  knowledge_answer: BookOpenText,
  collect_lead: UserPlus,
  tag_contact: Tag,
  handoff: Headset,
  goal: Flag,
  start_workflow: Workflow,
  book_appointment: CalendarCheck,
} satisfies Record<ChatbotNodeType, LucideIcon>;

export function botNodeIcon(type: string): LucideIcon | undefined {
  return Object.hasOwn(BOT_NODE_ICONS, type)
    ? BOT_NODE_ICONS[type as keyof typeof BOT_NODE_ICONS]
    : undefined;
}
