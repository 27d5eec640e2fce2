/**
 * What a call cost, in USD: per-million-token prices of the models we know (input, output), or
 * the operator's LLM_PRICE_IN / LLM_PRICE_OUT for any other model (0 when unset: a local model).
 */
const PRICES: Record<string, [number, number]> = {
  "gpt-4o-mini": [0.15, 0.6],
  "gpt-4o": [2.5, 10],
  "gpt-4.1-nano": [0.1, 0.4],
  "gpt-4.1-mini": [0.4, 1.6],
  "gpt-4.1": [2, 8],
};

export function costUsd(
  modelId: string,
  inputTokens: number,
  outputTokens: number,
  env: Record<string, string | undefined> = process.env,
): number {
  const price = (v: string | undefined) =>
    v && Number.isFinite(Number(v)) && Number(v) >= 0 ? Number(v) : 0;
  const [input, output] = PRICES[modelId] ?? [price(env.LLM_PRICE_IN), price(env.LLM_PRICE_OUT)];
  return (inputTokens * input + outputTokens * output) / 1_000_000;
}
