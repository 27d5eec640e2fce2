import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";

/**
 * Who is calling, as an address the caller cannot choose: the one place the app decides a client's
 * IP (chat rate limits, the audit log, the address forwarded to the auth server).
 *
 * X-Forwarded-For is a list every proxy appends to, so only the entries our own proxies added can
 * be believed; whatever the client sent comes first. `TRUSTED_PROXY_HOPS` (default 0) says how
 * many proxies of ours stand in front of the app, and the address the outermost one saw is the
 * hop-th from the right. That is Express's `trust proxy = <n>` and Rails' trusted-proxy walk: a
 * count the operator configures, never a guess from the header itself.
 *
 * With no proxy (0 hops) the only trustworthy address is the TCP peer, which Next does not hand
 * to route handlers: its server copies the socket's address into X-Forwarded-For only when the
 * client sent none (measured on `next start` 16.4: a client's `X-Forwarded-For: 6.6.6.6` arrives
 * unchanged). So Orgflow's own server layer (scripts/serve.ts, what `npm start` runs) writes the
 * socket address into PEER_ADDRESS_HEADER on every request, replacing anything the client sent,
 * and announces itself in-process; without that layer the peer is unknown (null), and callers
 * fall back to one shared budget rather than to an address the client picked.
 */

export const PEER_ADDRESS_HEADER = "x-orgflow-peer-address";

const LAYER_MARK = Symbol.for("orgflow.peerAddressLayer");
const MAX_HOPS = 10;

type Env = Record<string, string | undefined>;
type HeaderSource = Pick<Headers, "get"> | { headers: Pick<Headers, "get"> };

// Not `"headers" in source`: Next's ReadonlyHeaders (from `headers()`) has a `headers` field of its own.
const headersOf = (source: HeaderSource): Pick<Headers, "get"> =>
  "get" in source && typeof source.get === "function"
    ? source
    : (source as { headers: Pick<Headers, "get"> }).headers;

/** How many proxies of ours are in front of the app: 0 (the default) to 10; anything else is 0. */
export function trustedProxyHops(env: Env = process.env): number {
  const raw = env.TRUSTED_PROXY_HOPS?.trim() ?? "";
  if (!/^\d{1,2}$/.test(raw)) return 0;
  return Math.min(Number(raw), MAX_HOPS);
}

/** A well-formed IPv4 or IPv6 address, IPv4-mapped IPv6 written as IPv4; otherwise null. */
export function normalizeIp(value: string | null | undefined): string | null {
  if (!value) return null;
  let ip = value.trim();
  // Some proxies add the port ("1.2.3.4:5678", "[::1]:5678"); brackets and a zone index are not
  // part of the address we key on either.
  ip = ip.replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, "$1").replace(/^\[([^\]]+)\](?::\d+)?$/, "$1");
  ip = ip.replace(/%.*$/, "");
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(ip)) ip = ip.slice(7);
  if (ip.length > 45 || isIP(ip) === 0) return null;
  return ip.toLowerCase();
}

/** True once Orgflow's server layer runs in this process (it stamps PEER_ADDRESS_HEADER). */
export function peerAddressLayerActive(): boolean {
  return (globalThis as Record<symbol, unknown>)[LAYER_MARK] === true;
}

/** Called by the server layer before it serves anything. */
export function announcePeerAddressLayer(): void {
  (globalThis as Record<symbol, unknown>)[LAYER_MARK] = true;
}

/** The server layer's part: the socket's address, replacing whatever the client put there. */
export function stampPeerAddress(req: IncomingMessage): void {
  req.headers[PEER_ADDRESS_HEADER] = normalizeIp(req.socket.remoteAddress) ?? "";
}

/**
 * The client's address from a request (route handlers, proxy.ts) or its headers (server actions,
 * `await headers()`), or null when it cannot be known without trusting the client.
 */
export function clientIp(source: HeaderSource, env: Env = process.env): string | null {
  const headers = headersOf(source);
  const hops = trustedProxyHops(env);
  if (hops === 0) {
    return peerAddressLayerActive() ? normalizeIp(headers.get(PEER_ADDRESS_HEADER)) : null;
  }
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (chain.length === 0) return null;
  // Fewer entries than proxies: the request skipped some of ours; the leftmost is the furthest
  // address any of them saw (proxy-addr's rule for a hop count).
  return normalizeIp(chain[Math.max(chain.length - hops, 0)]);
}

let warnedUnknown = false;

/**
 * Warns once, in production, that every client shares one budget because the app runs with no
 * trusted proxy and without the server layer (`next start` run directly).
 */
export function warnIfClientIpUnknown(ip: string | null, env: Env = process.env): void {
  if (ip !== null || warnedUnknown || env.NODE_ENV !== "production") return;
  warnedUnknown = true;
  console.warn(
    "[http] Client addresses are unknown: TRUSTED_PROXY_HOPS is 0 and the app is not running " +
      "behind `npm start`'s server. Per-IP limits fall back to one budget shared by everyone. " +
      "Set TRUSTED_PROXY_HOPS to the number of proxies in front of the app, or start it with `npm start`.",
  );
}

/** The caller as the audit log records it: trusted address and user agent. */
export function requestContextOf(
  source: HeaderSource,
  env: Env = process.env,
): { ip: string | null; userAgent: string | null } {
  const headers = headersOf(source);
  return { ip: clientIp(headers, env), userAgent: headers.get("user-agent")?.slice(0, 500) || null };
}
