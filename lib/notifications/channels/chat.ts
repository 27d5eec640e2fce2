import { BlockedTargetError, FetchError, safeFetch } from "@/lib/engine/ssrf";
import { failed, httpOutcome, type ChannelOutcome, type NotificationMessage } from "./outcome";

/**
 * Slack and Discord incoming webhooks: one JSON POST through the SSRF guard of the HTTP step
 * (private targets only when the organization allows them, no redirects, a short timeout). Any
 * service that takes Slack's incoming-webhook format (Mattermost, Rocket.Chat) works as "slack".
 */

const TIMEOUT_MS = 10_000;

/** Slack's mrkdwn: &, < and > are control characters and must be escaped in text. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function slackBody(m: NotificationMessage): string {
  const lines = [`*${slackEscape(m.title)}*`];
  if (m.message) lines.push(slackEscape(m.message));
  if (m.url) lines.push(`<${m.url}|Open in Orgflow>`);
  lines.push(`_${slackEscape(m.organizationName)}_`);
  return JSON.stringify({ text: lines.join("\n"), unfurl_links: false });
}

/** Discord: plain content, no mention of anyone (a message text must not ping @everyone). */
export function discordBody(m: NotificationMessage): string {
  const content = [`**${m.title}**`, m.message, m.url ?? "", `— ${m.organizationName}`]
    .filter(Boolean)
    .join("\n")
    .slice(0, 2000);
  return JSON.stringify({ content, allowed_mentions: { parse: [] } });
}

export async function sendChat(
  channel: "slack" | "discord",
  url: string,
  m: NotificationMessage,
  allowPrivate: boolean,
): Promise<ChannelOutcome> {
  const what = channel === "slack" ? "Slack" : "Discord";
  try {
    const response = await safeFetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Orgflow-Notifications/1.0" },
      body: channel === "slack" ? slackBody(m) : discordBody(m),
      timeoutMs: TIMEOUT_MS,
      maxRedirects: 0,
      maxResponseBytes: 64 * 1024,
      allowPrivate,
    });
    return httpOutcome(response.status, what, true);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof BlockedTargetError) return failed(message, true);
    return failed(message, e instanceof FetchError ? !e.retryable : false);
  }
}
