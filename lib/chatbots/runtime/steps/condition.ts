import type { FlowConditionOperator } from "../../flow/nodes";
import type { StepExecutor } from "./step";

/** One way or the other, by an answer. */
export const condition: StepExecutor = async (turn, node, config) =>
  turn.next(node.id, evaluate(config, turn.state.answers) ? "true" : "false");

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
