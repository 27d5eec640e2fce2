import { lookup as dnsLookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { tryParseJsonText } from "@/lib/http/input-limits";

/**
 * Outgoing HTTP for workflow steps, guarded against server-side request forgery: every hop's host
 * is resolved first and refused when any address is private, loopback, link-local, CGNAT,
 * multicast, reserved or an IPv6 unique-local/loopback one (unless the organization allows
 * private targets); the connection then goes to the very address that was checked (pinned), so a
 * second DNS answer cannot swap in another target. Redirects are followed by hand, each hop
 * checked again, and capped.
 */

const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // CGNAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated)
  ["ff00::", 8], // multicast
  ["2001:db8::", 32], // documentation
] as const) {
  blocked.addSubnet(net, prefix, "ipv6");
}

/** The IPv4 address embedded in an IPv4-mapped/-compatible or NAT64 IPv6 address, if any. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const mapped = /^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return mapped[1]!;
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const hi = parseInt(hex[1]!, 16);
    const lo = parseInt(hex[2]!, 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return null;
}

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4) return blocked.check(v4, "ipv4");
    return blocked.check(address, "ipv6");
  }
  return true; // not an address at all: refuse
}

export class BlockedTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BlockedTargetError";
  }
}

export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

const defaultResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** Resolves `hostname` and returns the address to connect to, or throws when it is not allowed. */
export async function vetHost(
  hostname: string,
  options: { allowPrivate: boolean; resolve?: Resolver },
): Promise<{ address: string; family: 4 | 6 }> {
  const bare = hostname.replace(/^\[|\]$/g, "");
  const literal = isIP(bare);
  const addresses = literal
    ? [{ address: bare, family: literal }]
    : await (options.resolve ?? defaultResolver)(bare).catch((e: Error) => {
        throw new FetchError(`Could not resolve ${bare}: ${e.message}`, true);
      });
  if (!addresses.length) throw new FetchError(`Could not resolve ${bare}.`, true);
  if (!options.allowPrivate) {
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad) {
      throw new BlockedTargetError(
        `Refused to connect to ${bare} (${bad.address}): private, loopback and link-local addresses are blocked. ` +
          `An organization owner can allow them in Settings → General → "Network access for workflow steps".`,
      );
    }
  }
  const first = addresses[0]!;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

export class FetchError extends Error {
  readonly retryable: boolean;
  constructor(message: string, retryable: boolean) {
    super(message);
    this.name = "FetchError";
    this.retryable = retryable;
  }
}

export type SafeFetchOptions = {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs?: number;
  maxResponseBytes?: number;
  maxRedirects?: number;
  allowPrivate?: boolean;
  resolve?: Resolver;
  signal?: AbortSignal;
};

export type SafeResponse = {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  url: string;
  redirects: number;
};

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export async function safeFetch(url: string, options: SafeFetchOptions = {}): Promise<SafeResponse> {
  const maxRedirects = options.maxRedirects ?? 5;
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let current = new URL(url);
  let method = (options.method ?? "GET").toUpperCase();
  let body = options.body;
  const headers = { ...(options.headers ?? {}) };
  for (let hop = 0; ; hop++) {
    if (current.protocol !== "http:" && current.protocol !== "https:") {
      throw new BlockedTargetError(`Only http and https URLs can be requested (got ${current.protocol}).`);
    }
    const pinned = await vetHost(current.hostname, {
      allowPrivate: options.allowPrivate ?? false,
      resolve: options.resolve,
    });
    const response = await requestOnce(current, pinned, {
      method,
      headers,
      body,
      timeoutMs: Math.max(1, deadline - Date.now()),
      maxResponseBytes: options.maxResponseBytes ?? 5 * 1024 * 1024,
      signal: options.signal,
    });
    const location = response.headers.location;
    if (REDIRECTS.has(response.status) && location) {
      if (hop >= maxRedirects) throw new FetchError(`Too many redirects (more than ${maxRedirects}).`, false);
      const next = new URL(location, current);
      if (next.origin !== current.origin) {
        delete headers.authorization;
        delete headers.Authorization;
        delete headers.cookie;
      }
      if (
        response.status === 303 ||
        ((response.status === 301 || response.status === 302) && method === "POST")
      ) {
        method = "GET";
        body = undefined;
      }
      current = next;
      continue;
    }
    return { ...response, url: current.toString(), redirects: hop };
  }
}

function requestOnce(
  url: URL,
  pinned: { address: string; family: 4 | 6 },
  o: {
    method: string;
    headers: Record<string, string>;
    body?: string | Buffer;
    timeoutMs: number;
    maxResponseBytes: number;
    signal?: AbortSignal;
  },
): Promise<Omit<SafeResponse, "url" | "redirects">> {
  // Connect to the vetted address whatever the name resolves to now; TLS still checks the name.
  const lookup: LookupFunction = (_host, opts, callback) => {
    if ((opts as { all?: boolean }).all) {
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address: pinned.address, family: pinned.family },
      ]);
    } else callback(null, pinned.address, pinned.family);
  };
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: o.method,
        headers: {
          "user-agent": "Orgflow-Workflows/1.0",
          ...o.headers,
          ...(o.body !== undefined ? { "content-length": String(Buffer.byteLength(o.body)) } : {}),
        },
        lookup,
        timeout: o.timeoutMs,
        signal: o.signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > o.maxResponseBytes) {
            req.destroy(new FetchError(`The response is larger than ${o.maxResponseBytes} bytes.`, false));
            return;
          }
          chunks.push(chunk);
        });
        res.on("end", () => {
          clearTimeout(timer);
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) {
            if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
          }
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
        });
        res.on("error", reject);
      },
    );
    const timer = setTimeout(
      () => req.destroy(new FetchError(`The request timed out after ${o.timeoutMs} ms.`, true)),
      o.timeoutMs,
    );
    req.on("timeout", () =>
      req.destroy(new FetchError(`The request timed out after ${o.timeoutMs} ms.`, true)),
    );
    req.on("error", (e) => {
      clearTimeout(timer);
      reject(
        e instanceof FetchError || e instanceof BlockedTargetError ? e : new FetchError(e.message, true),
      );
    });
    if (o.body !== undefined) req.write(o.body);
    req.end();
  });
}

/**
 * Parses a response body by its content type: JSON (within the depth cap of lib/http/input-limits,
 * as text otherwise, like JSON that does not parse), text, or base64 for anything else.
 */
export function parseBody(response: Pick<SafeResponse, "headers" | "body">): unknown {
  const type = (response.headers["content-type"] ?? "").toLowerCase();
  if (!response.body.length) return null;
  if (type.includes("json")) {
    const text = response.body.toString("utf8");
    return tryParseJsonText(text) ?? text;
  }
  if (type.startsWith("text/") || type.includes("xml") || type.includes("x-www-form-urlencoded") || !type) {
    return response.body.toString("utf8");
  }
  return { base64: response.body.toString("base64"), contentType: type };
}
