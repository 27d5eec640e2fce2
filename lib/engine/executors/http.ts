import { BlockedTargetError, FetchError, parseBody, safeFetch } from "@/lib/engine/ssrf";
import { StepError } from "@/lib/engine/policy";
import type { EngineExecutor } from "@/lib/engine/types";

/**
 * The http_request step: through the SSRF guard (private targets only when the organization's
 * settings say `allow_private_network: true`), with a timeout, a response size cap and at most
 * five redirects, each one checked again. 429 and 5xx answers are retryable failures.
 */
export const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

export const httpRequest: EngineExecutor = async (config, context) => {
  const method = String(config.method ?? "GET");
  const headers: Record<string, string> = {};
  for (const h of (config.headers as { key: string; value: unknown }[] | undefined) ?? []) {
    headers[h.key.toLowerCase()] = String(h.value ?? "");
  }
  const body =
    method !== "GET" && typeof config.body === "string" && config.body !== "" ? config.body : undefined;
  if (body !== undefined && !headers["content-type"]) {
    headers["content-type"] = looksLikeJson(body) ? "application/json" : "text/plain; charset=utf-8";
  }
  const url = String(config.url ?? "");
  context.log(`${method} ${url}`);
  try {
    const response = await safeFetch(url, {
      method,
      headers,
      body,
      timeoutMs: Number(config.timeout_seconds ?? 30) * 1000,
      maxResponseBytes: MAX_RESPONSE_BYTES,
      maxRedirects: 5,
      allowPrivate: context.organization.settings.allow_private_network === true,
      signal: context.signal,
    });
    context.log(
      `→ ${response.status} (${response.body.length} bytes${response.redirects ? `, ${response.redirects} redirects` : ""})`,
    );
    const output = {
      status: response.status,
      headers: response.headers,
      body: parseBody(response),
      url: response.url,
    };
    if (config.fail_on_error_status !== false && response.status >= 400) {
      throw new StepError(`The server answered ${response.status}.`, {
        retryable: response.status === 429 || response.status >= 500,
        details: output,
      });
    }
    return { kind: "done", output };
  } catch (e) {
    if (e instanceof StepError) throw e;
    if (e instanceof BlockedTargetError) throw new StepError(e.message, { retryable: false });
    if (e instanceof FetchError) throw new StepError(e.message, { retryable: e.retryable });
    throw new StepError(e instanceof Error ? e.message : String(e), { retryable: true });
  }
};

function looksLikeJson(text: string): boolean {
  const t = text.trim();
  if (!(t.startsWith("{") || t.startsWith("["))) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}
