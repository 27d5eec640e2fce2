import { StepError } from "@/lib/engine/policy";
import type { EngineExecutor } from "@/lib/engine/types";
import { AppError } from "@/lib/errors";
import { GhlApiError, ghlFetch, integrationToken } from "@/lib/ghl/api";
import { GHL_CONVERSATIONS_API_VERSION } from "@/lib/ghl/config";
import { findActiveIntegrationOfOrganization, setIntegrationStatus } from "@/lib/integrations/integrations";

/**
 * The ghl step: calls the GoHighLevel API (Bearer token, `Version: 2021-07-28`, at GHL_API_BASE)
 * with the organization's own connection (Settings → Integrations; credentials decrypted on the
 * service path). For local development only (never when NODE_ENV is production), a server-wide
 * GHL_API_TOKEN / GHL_LOCATION_ID in the environment stands in when the organization has none.
 */
export const ghl: EngineExecutor = async (config, context) => {
  const integration = await findActiveIntegrationOfOrganization(context.organization.id, context.db);
  const devToken = process.env.NODE_ENV !== "production" ? process.env.GHL_API_TOKEN : undefined;
  if (!integration && !devToken) {
    throw new StepError(
      "GoHighLevel is not connected: connect it in Settings → Integrations, then run this step again.",
    );
  }
  const locationId = integration?.locationId ?? process.env.GHL_LOCATION_ID ?? "";
  const tags = (v: unknown) =>
    String(v ?? "")
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean);
  // Ids usually come from expressions over untrusted input: "." or ".." in the path would reach
  // another endpoint of GHL's API with the organization's token.
  const ghlId = (name: string) => {
    const value = String(config[name] ?? "").trim();
    if (!/^[A-Za-z0-9_-]{1,200}$/.test(value)) {
      throw new StepError(
        `The ${name.replace("_", " ")} "${value.slice(0, 80)}" is not a GoHighLevel id (letters, digits, - and _).`,
      );
    }
    return value;
  };
  let path: string;
  let body: Record<string, unknown>;
  let version: string | undefined;
  switch (config.operation) {
    case "add_tag":
      path = `/contacts/${ghlId("contact_id")}/tags`;
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
        contactId: ghlId("contact_id"),
        pipelineId: config.pipeline_id,
        pipelineStageId: config.stage_id,
        name: config.name,
        status: "open",
        ...(config.monetary_value ? { monetaryValue: Number(config.monetary_value) } : {}),
      };
      break;
    case "send_sms":
      // Into the contact's conversation, from the location's own number (GHL picks it).
      path = "/conversations/messages";
      body = { type: "SMS", contactId: ghlId("contact_id"), message: String(config.message ?? "") };
      version = GHL_CONVERSATIONS_API_VERSION;
      break;
    default:
      throw new StepError(`Unknown GoHighLevel operation "${String(config.operation)}".`);
  }
  context.log(`POST ${path}`);
  let status: number;
  let data: unknown;
  try {
    const token = integration ? await integrationToken(integration, context.db) : devToken!;
    ({ status, data } = await ghlFetch(token, {
      method: "POST",
      path,
      body,
      version,
      signal: context.signal,
    }));
  } catch (e) {
    if (e instanceof GhlApiError) {
      if (integration && (e.status === 401 || e.status === 403)) {
        await setIntegrationStatus(
          integration,
          "error",
          "GoHighLevel refused the credentials; connect again.",
          context.db,
        ).catch(() => {});
      }
      throw new StepError(e.message, { retryable: e.retryable, details: e.body });
    }
    if (e instanceof AppError) throw new StepError(e.message);
    throw e;
  }
  return { kind: "done", output: { status, data, ...shortcuts(String(config.operation), data) } };
};

/** The fields the step's outputs name (contact_id, created, opportunity_id, tags, message_id …), from GHL's answer. */
function shortcuts(operation: string, data: unknown): Record<string, unknown> {
  const d = (data ?? {}) as Record<string, unknown>;
  const obj = (v: unknown) => (typeof v === "object" && v !== null ? (v as Record<string, unknown>) : {});
  switch (operation) {
    case "upsert_contact":
      return { contact_id: obj(d.contact).id ?? null, created: d.new === true };
    case "create_opportunity":
      return { opportunity_id: obj(d.opportunity).id ?? null };
    case "add_tag":
      return { tags: Array.isArray(d.tags) ? d.tags : [] };
    case "send_sms":
      return { message_id: d.messageId ?? null, conversation_id: d.conversationId ?? null };
    default:
      return {};
  }
}
