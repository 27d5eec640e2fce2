import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import { usesSecretKey, type ApiKeys } from "./gateway";
import { clientIp } from "./http";
import type { AuthSettings } from "./settings";

/**
 * Which address the per-IP limits count (supabase/auth internal/api/sbff): the socket's, unless
 * IP address forwarding is on and the request is made with the secret API key, in which case the
 * first value of `Sb-Forwarded-For` is the end user's. The secret key lives only on servers, so
 * only a server of ours can speak for a user's address; a browser or a script with the publishable
 * key sending the header is counted by its own address, as Supabase's gateway does. A value that is
 * not an IP address is ignored, as GoTrue ignores it.
 */
export const SB_FORWARDED_FOR = "sb-forwarded-for";

export function requestIp(req: IncomingMessage, url: URL, settings: AuthSettings, apiKeys: ApiKeys): string {
  const socketIp = clientIp(req);
  if (!settings.sbForwardedForEnabled || !usesSecretKey(req, url, apiKeys)) return socketIp;
  const header = req.headers[SB_FORWARDED_FOR];
  const first = (Array.isArray(header) ? header[0] : header)?.split(",", 1)[0]?.trim() ?? "";
  if (!first || first.length > 45 || isIP(first) === 0) return socketIp;
  return first.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "").toLowerCase();
}
