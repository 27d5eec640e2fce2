import "server-only";
import type { UserClaims } from "@/lib/db/client";
import { EVENT_STREAM_HEADERS, noticeEventStream, type NoticeStreamOptions } from "@/lib/http/notice-stream";
import { can } from "@/lib/organizations/can";
import type { OrganizationContext } from "@/lib/organizations/context";

/**
 * The organization's live stream for one member: `bell` when their notifications change, and
 * `inbox` when a conversation of the organization changes (only for members who may read
 * conversations). Pings only; the bell and the inbox re-read as the member (lib/http/notice-stream).
 * The channels are fed by triggers (20261207032000_inbox.sql).
 */

export const INBOX_CHANNEL = "orgflow_inbox";
export const BELL_CHANNEL = "orgflow_bell";

/** How long until the claims' access token expires (ms); the stream ends then and reconnects fresh. */
function msUntilExpiry(claims: UserClaims, now = Date.now()): number {
  return typeof claims.exp === "number" ? Math.max(1000, claims.exp * 1000 - now) : Infinity;
}

export function liveSources(claims: UserClaims, org: OrganizationContext) {
  return [
    { event: "bell", channel: BELL_CHANNEL, key: claims.sub },
    ...(can(org, "conversations", "read")
      ? [{ event: "inbox", channel: INBOX_CHANNEL, key: org.organization.id }]
      : []),
  ];
}

export function liveResponse(
  claims: UserClaims,
  org: OrganizationContext,
  options: NoticeStreamOptions = {},
): Response {
  const stream = noticeEventStream(liveSources(claims, org), {
    ...options,
    maxMs: Math.min(options.maxMs ?? 30 * 60_000, msUntilExpiry(claims)),
  });
  return new Response(stream, { headers: EVENT_STREAM_HEADERS });
}
