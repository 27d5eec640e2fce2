import type { StepExecutor } from "./step";

/** Where the conversation begins: straight on. */
export const start: StepExecutor = async (turn, node) => turn.next(node.id, "out");
