import { z } from "zod";
import { withServiceRoleBypassingRls } from "@/lib/db/client";
import { tryParseJsonText } from "@/lib/http/input-limits";
import { StepError } from "@/lib/engine/policy";
import type { EngineExecutor } from "@/lib/engine/types";

/**
 * The ai_agent step: one OpenAI-compatible chat completion (`POST {LLM_BASE_URL}/chat/completions`),
 * the provider set by the operator (LLM_BASE_URL, LLM_API_KEY, LLM_MODEL to override the step's
 * model, e.g. for a local model). JSON answers are checked against the step's structure. Tokens
 * and cost go to agent_executions and the month's tenant_usage.
 */

/** USD per million tokens (input, output); unknown models cost 0 unless LLM_PRICE_* say otherwise. */
const PRICES: Record<string, [number, number]> = {
  "gpt-4o-mini": [0.15, 0.6],
  "gpt-4o": [2.5, 10],
  "gpt-4.1-mini": [0.4, 1.6],
  "gpt-4.1": [2, 8],
};

export function llmConfig(env: NodeJS.ProcessEnv = process.env) {
  const baseUrl = env.LLM_BASE_URL?.replace(/\/+$/, "");
  return baseUrl ? { baseUrl, apiKey: env.LLM_API_KEY ?? "", model: env.LLM_MODEL || undefined } : null;
}

type Field = {
  name: string;
  type: "string" | "number" | "boolean" | "array" | "object";
  description?: string;
};

function fieldSchema(type: Field["type"]): z.ZodType {
  switch (type) {
    case "string":
      return z.string();
    case "number":
      return z.number();
    case "boolean":
      return z.boolean();
    case "array":
      return z.array(z.unknown());
    case "object":
      return z.record(z.string(), z.unknown());
  }
}

export const aiAgent: EngineExecutor = async (config, context) => {
  const provider = llmConfig();
  if (!provider) {
    throw new StepError(
      "No AI provider is configured. Set LLM_BASE_URL (an OpenAI-compatible API, e.g. https://api.openai.com/v1), " +
        "LLM_API_KEY and optionally LLM_MODEL in the server's environment, then run the workflow again.",
    );
  }
  const model = provider.model ?? String(config.model);
  const fields = (config.output_schema as Field[] | undefined) ?? [];
  const json = config.output_format === "json";
  const jsonSchema = {
    type: "object",
    properties: Object.fromEntries(
      fields.map((f) => [f.name, { type: f.type, description: f.description || undefined }]),
    ),
    required: fields.map((f) => f.name),
    additionalProperties: false,
  };
  const messages = [
    ...(config.system ? [{ role: "system", content: String(config.system) }] : []),
    { role: "user", content: String(config.prompt) },
  ];
  const started = Date.now();
  let tokensIn = 0;
  let tokensOut = 0;
  let output: unknown;
  let failure: StepError | undefined;
  try {
    const response = await fetch(`${provider.baseUrl}/chat/completions`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(provider.apiKey ? { authorization: `Bearer ${provider.apiKey}` } : {}),
      },
      body: JSON.stringify({
        model,
        messages,
        temperature: Number(config.temperature ?? 0.2),
        ...(json
          ? {
              response_format: {
                type: "json_schema",
                json_schema: { name: "output", strict: true, schema: jsonSchema },
              },
            }
          : {}),
      }),
      signal: context.signal,
    });
    const text = await response.text();
    if (!response.ok) {
      throw new StepError(`The AI provider answered ${response.status}: ${text.slice(0, 300)}`, {
        retryable: response.status === 429 || response.status >= 500,
      });
    }
    const body = JSON.parse(text) as {
      choices?: { message?: { content?: string | null } }[];
      usage?: { prompt_tokens?: number; completion_tokens?: number };
    };
    tokensIn = body.usage?.prompt_tokens ?? 0;
    tokensOut = body.usage?.completion_tokens ?? 0;
    const content = body.choices?.[0]?.message?.content ?? "";
    if (json) {
      const parsed = tryParseJsonText(content);
      if (parsed === undefined)
        throw new StepError("The model's answer is not JSON (or is nested too deeply).", {
          retryable: true,
          details: { content },
        });
      const schema = z.object(Object.fromEntries(fields.map((f) => [f.name, fieldSchema(f.type)])));
      const checked = schema.safeParse(parsed);
      if (!checked.success) {
        throw new StepError(
          `The model's answer does not have the structure asked for: ${checked.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
          { retryable: true, details: { content } },
        );
      }
      output = { data: checked.data, text: content, model, tokens: { input: tokensIn, output: tokensOut } };
    } else {
      output = { text: content, model, tokens: { input: tokensIn, output: tokensOut } };
    }
  } catch (e) {
    failure =
      e instanceof StepError
        ? e
        : new StepError(`The AI provider could not be reached: ${(e as Error).message}`, { retryable: true });
  }
  const [pin, pout] = PRICES[model] ?? [
    Number(process.env.LLM_PRICE_IN ?? 0),
    Number(process.env.LLM_PRICE_OUT ?? 0),
  ];
  const cost = (tokensIn * pin + tokensOut * pout) / 1_000_000;
  await withServiceRoleBypassingRls(async (tx) => {
    await tx`
      insert into public.agent_executions (organization_id, execution_id, step_key, model, status, input, output, error,
                                           tokens_in, tokens_out, cost_usd, duration_ms)
      values (${context.organizationId}, ${context.executionId}, ${context.stepKey}, ${model},
              ${failure ? "failed" : "completed"}, ${tx.json({ messages })}, ${tx.json((output ?? null) as never)},
              ${failure?.message ?? null}, ${tokensIn}, ${tokensOut}, ${cost}, ${Date.now() - started})`;
    await tx`
      insert into public.tenant_usage (organization_id, period_start, agent_runs, tokens_in, tokens_out, cost_usd)
      values (${context.organizationId}, date_trunc('month', now())::date, 1, ${tokensIn}, ${tokensOut}, ${cost})
      on conflict (organization_id, period_start) do update
      set agent_runs = public.tenant_usage.agent_runs + 1,
          tokens_in = public.tenant_usage.tokens_in + excluded.tokens_in,
          tokens_out = public.tenant_usage.tokens_out + excluded.tokens_out,
          cost_usd = public.tenant_usage.cost_usd + excluded.cost_usd`;
  }, context.db);
  context.log(`${model}: ${tokensIn} tokens in, ${tokensOut} out, $${cost.toFixed(6)}`);
  if (failure) throw failure;
  return { kind: "done", output };
};
