import { StepError } from "@/lib/engine/policy";
import type { EngineExecutor } from "@/lib/engine/types";

/**
 * The ghl step: calls the GoHighLevel API (Bearer token, `Version: 2021-07-28`).
 * TODO(integrations): there is no integrations table yet, so the token and location come from the
 * server's environment (GHL_API_TOKEN, GHL_LOCATION_ID; GHL_API_BASE_URL for a stand-in). When the
 * integrations issue lands, read the organization's own (encrypted) credentials here instead.
 */
export const ghl: EngineExecutor = async (config, context) => {
  const token = process.env.GHL_API_TOKEN;
  const locationId = process.env.GHL_LOCATION_ID ?? "";
  if (!token) {
    throw new StepError(
      "GoHighLevel is not connected: set GHL_API_TOKEN (and GHL_LOCATION_ID) for the server.",
    );
  }
  const base = (process.env.GHL_API_BASE_URL ?? "https://services.leadconnectorhq.com").replace(/\/+$/, "");
  const tags = (v: unknown) =>
    String(v ?? "")
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean);
  let path: string;
  let body: Record<string, unknown>;
  switch (config.operation) {
    case "add_tag":
      path = `/contacts/${encodeURIComponent(String(config.contact_id))}/tags`;
      body = { tags: tags(config.tags) };
      break;
    case "upsert_contact":
      path = "/contacts/upsert";
      body = {
        locationId,
        email: config.email,
        firstName: config.first_name || undefined,
        lastName: config.last_name || undefined,
        phone: config.phone || undefined,
        tags: tags(config.tags),
      };
      break;
    case "create_opportunity":
      path = "/opportunities/";
      body = {
        locationId,
        contactId: config.contact_id,
        pipelineId: config.pipeline_id,
        pipelineStageId: config.stage_id,
        name: config.name,
        status: "open",
        ...(config.monetary_value ? { monetaryValue: Number(config.monetary_value) } : {}),
      };
      break;
    default:
      throw new StepError(`Unknown GoHighLevel operation "${String(config.operation)}".`);
  }
  context.log(`POST ${path}`);
  const response = await fetch(`${base}${path}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      version: "2021-07-28",
      "content-type": "application/json",
      accept: "application/json",
    },
    body: JSON.stringify(body),
    signal: context.signal,
  }).catch((e: Error) => {
    throw new StepError(`GoHighLevel could not be reached: ${e.message}`, { retryable: true });
  });
  const text = await response.text();
  let data: unknown = text;
  try {
    data = JSON.parse(text);
  } catch {
    /* keep the text */
  }
  if (!response.ok) {
    throw new StepError(`GoHighLevel answered ${response.status}.`, {
      retryable: response.status === 429 || response.status >= 500,
      details: data,
    });
  }
  return { kind: "done", output: { status: response.status, data } };
};
