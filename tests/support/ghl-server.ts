import { generateKeyPairSync, randomBytes, randomUUID, sign, type KeyObject } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { calendarState, handleCalendarRequest, type CalendarState, type GhlCalendar } from "./ghl-calendars";

/**
 * A local stand-in for GoHighLevel, for tests and benches: the API calls Orgflow makes
 * (contacts upsert, contact tags, opportunities, text messages, payments/transactions, the OAuth
 * token refresh; calendars' free slots and appointments, inbound chat messages: ./ghl-calendars.ts)
 * answered in GHL's shapes, checking `Authorization: Bearer <token>` against the
 * locations it knows and the `Version` header as GHL does (`2021-07-28`; `2021-04-15` for the
 * Calendars and Conversations APIs); `outage(true)` makes it answer 503 to every API call, as
 * GHL down does; plus what GHL does on its side: signing
 * webhook bodies with its keys (here, key pairs made for the test: Ed25519 for `x-ghl-signature`,
 * RSA for `x-wh-signature`) and refunding a payment. `env` points the app at it.
 */

export const GHL_VERSION = "2021-07-28";
export const GHL_CONVERSATIONS_VERSION = "2021-04-15";

export type GhlTestTransaction = {
  _id: string;
  altId: string;
  altType: "location";
  contactId?: string;
  contactName?: string;
  contactEmail?: string;
  currency: string;
  amount: number;
  amountRefunded?: number;
  status: "succeeded" | "refunded" | "partially_refunded" | "failed" | "pending";
  liveMode: boolean;
  entityType: "invoice" | "order" | "subscription";
  entityId: string;
  entitySourceType: string;
  invoiceId?: string;
  chargeId: string;
  paymentProviderType: string;
  createdAt: string;
  updatedAt: string;
};

export type RecordedGhlRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  authorization: string | null;
  version: string | null;
};

export type SignOptions = {
  /** Which header(s) to sign with (default ed25519). */
  scheme?: "ed25519" | "rsa" | "both";
  /** Sign with another key pair (a forger's). */
  keys?: { ed25519: KeyObject; rsa: KeyObject };
};

export type GhlTestServer = {
  url: string;
  env: {
    GHL_API_BASE: string;
    GHL_WEBHOOK_ED25519_PUBLIC_KEY: string;
    GHL_WEBHOOK_RSA_PUBLIC_KEY: string;
  };
  requests: RecordedGhlRequest[];
  contacts: Map<string, Record<string, unknown>>;
  opportunities: Map<string, Record<string, unknown>>;
  /** Text messages sent through the Conversations API. */
  messages: Map<string, Record<string, unknown>>;
  transactions: Map<string, GhlTestTransaction>;
  /** Calendars, appointments and chat messages (inbound) of conversations. */
  calendar: CalendarState;
  /** A calendar offering these slots (instants) to book. */
  addCalendar(
    locationId: string,
    slots: Date[],
    options?: { name?: string; slotMinutes?: number },
  ): GhlCalendar;
  /** While on, every API call is answered 503 (GoHighLevel down). */
  outage(on: boolean): void;
  /** A location and the Private Integration Token that opens it. */
  addLocation(locationId: string, token?: string): { locationId: string; token: string };
  /** An OAuth app install for a location: client credentials and a first refresh token. */
  addOAuthInstall(locationId: string): { clientId: string; clientSecret: string; refreshToken: string };
  /** A payment in the location (what GHL records when an invoice or order is paid). */
  addTransaction(
    t: Partial<GhlTestTransaction> & { altId: string; entityId: string; amount: number },
  ): GhlTestTransaction;
  /** A refund in GHL's payments (cumulative `amountRefunded`, status updated). */
  refund(transactionId: string, amount: number): GhlTestTransaction;
  /** A webhook body as GHL sends it: type, webhookId, timestamp and the object's fields. */
  webhook(
    type: string,
    fields: Record<string, unknown>,
    options?: { timestamp?: Date; webhookId?: string },
  ): Record<string, unknown>;
  /** Signature headers for a raw body. */
  sign(rawBody: string, options?: SignOptions): Record<string, string>;
  /** A delivery: raw body and headers (content-type and signature). */
  signed(
    body: Record<string, unknown> | string,
    options?: SignOptions,
  ): { body: string; headers: Record<string, string> };
  /** Key pairs that are not GHL's, for forgery tests. */
  otherKeys(): { ed25519: KeyObject; rsa: KeyObject };
  close(): Promise<void>;
};

function pem(key: KeyObject): string {
  return key.export({ type: "spki", format: "pem" }).toString();
}

function keyPairs() {
  const ed = generateKeyPairSync("ed25519");
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { ed25519: ed, rsa };
}

const ghlId = () => randomBytes(10).toString("base64url").replace(/[-_]/g, "x").slice(0, 20);

export async function startGhlTestServer(options: { port?: number } = {}): Promise<GhlTestServer> {
  const pairs = keyPairs();
  const privateKeys = { ed25519: pairs.ed25519.privateKey, rsa: pairs.rsa.privateKey };
  const requests: RecordedGhlRequest[] = [];
  const tokens = new Map<string, string>(); // token → locationId
  const oauth = new Map<string, { clientId: string; clientSecret: string; locationId: string }>(); // refresh token → install
  const contacts = new Map<string, Record<string, unknown>>();
  const opportunities = new Map<string, Record<string, unknown>>();
  const messages = new Map<string, Record<string, unknown>>();
  const transactions = new Map<string, GhlTestTransaction>();
  const calendar = calendarState();
  let down = false;

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const error = (res: http.ServerResponse, status: number, message: string) =>
    json(res, status, {
      statusCode: status,
      message,
      error:
        status === 401
          ? "Unauthorized"
          : status === 404
            ? "Not Found"
            : status >= 500
              ? "Service Unavailable"
              : "Bad Request",
    });

  function authorize(req: http.IncomingMessage, res: http.ServerResponse, path: string): string | null {
    const version = req.headers.version;
    const older = path.startsWith("/conversations/") || path.startsWith("/calendars/");
    if (version !== (older ? GHL_CONVERSATIONS_VERSION : GHL_VERSION)) {
      error(res, 400, "version header was not found or is not supported");
      return null;
    }
    const match = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ""));
    const location = match ? tokens.get(match[1]!) : undefined;
    if (!location) {
      error(res, 401, "Invalid JWT");
      return null;
    }
    return location;
  }

  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const path = url.pathname;
      const query = Object.fromEntries(url.searchParams);
      let body: unknown = raw;
      try {
        body = raw && String(req.headers["content-type"]).includes("json") ? JSON.parse(raw) : raw;
      } catch {
        return error(res, 400, "Unexpected token in JSON");
      }
      requests.push({
        method: req.method ?? "",
        path,
        query,
        body,
        authorization: (req.headers.authorization as string | undefined) ?? null,
        version: (req.headers.version as string | undefined) ?? null,
      });

      if (req.method === "POST" && path === "/oauth/token") {
        const form = new URLSearchParams(raw);
        const install = oauth.get(form.get("refresh_token") ?? "");
        if (
          form.get("grant_type") !== "refresh_token" ||
          !install ||
          install.clientId !== form.get("client_id") ||
          install.clientSecret !== form.get("client_secret")
        ) {
          return json(res, 401, { error: "invalid_grant", error_description: "Invalid refresh token" });
        }
        // Refresh tokens are single-use: the old one stops working.
        oauth.delete(form.get("refresh_token")!);
        const accessToken = `oauth-at-${randomBytes(12).toString("hex")}`;
        const refreshToken = `oauth-rt-${randomBytes(12).toString("hex")}`;
        tokens.set(accessToken, install.locationId);
        oauth.set(refreshToken, install);
        return json(res, 200, {
          access_token: accessToken,
          token_type: "Bearer",
          expires_in: 86399,
          refresh_token: refreshToken,
          scope: "contacts.write opportunities.write payments/transactions.readonly",
          userType: "Location",
          locationId: install.locationId,
        });
      }

      if (down) return error(res, 503, "Service Unavailable");
      const location = authorize(req, res, path);
      if (!location) return;
      const b = (typeof body === "object" && body ? body : {}) as Record<string, unknown>;
      const calendarRequest = { method: req.method ?? "", path, query, body: b, location, contacts };
      const reply = (status: number, value: unknown) => json(res, status, value);
      if (handleCalendarRequest(calendar, calendarRequest, reply, (s, m) => error(res, s, m))) return;

      if (req.method === "POST" && path === "/contacts/upsert") {
        if (b.locationId !== location)
          return error(res, 403, "The token does not have access to this location");
        if (!b.email && !b.phone) return error(res, 422, "email or phone is required");
        const existing = [...contacts.values()].find((c) => c.locationId === location && c.email === b.email);
        const now = new Date().toISOString();
        const contact: Record<string, unknown> = {
          ...(existing ?? { id: ghlId(), locationId: location, dateAdded: now, tags: [] as string[] }),
          ...(b.email ? { email: String(b.email).toLowerCase() } : {}),
          ...(b.firstName ? { firstName: b.firstName } : {}),
          ...(b.lastName ? { lastName: b.lastName } : {}),
          ...(b.phone ? { phone: b.phone } : {}),
          tags: [...new Set([...((existing?.tags as string[]) ?? []), ...((b.tags as string[]) ?? [])])],
          dateUpdated: now,
        };
        contacts.set(contact.id as string, contact);
        return json(res, existing ? 200 : 201, { new: !existing, contact, traceId: randomUUID() });
      }
      const tagMatch = /^\/contacts\/([^/]+)\/tags$/.exec(path);
      if (req.method === "POST" && tagMatch) {
        const contact = contacts.get(decodeURIComponent(tagMatch[1]!));
        if (!contact || contact.locationId !== location) return error(res, 400, "Contact not found");
        contact.tags = [...new Set([...(contact.tags as string[]), ...((b.tags as string[]) ?? [])])];
        return json(res, 201, { tags: contact.tags });
      }
      if (req.method === "POST" && (path === "/opportunities/" || path === "/opportunities")) {
        if (b.locationId !== location)
          return error(res, 403, "The token does not have access to this location");
        for (const field of ["pipelineId", "name", "contactId", "status"]) {
          if (!b[field]) return error(res, 422, `${field} should not be empty`);
        }
        const now = new Date().toISOString();
        const opportunity = {
          id: ghlId(),
          name: b.name,
          monetaryValue: b.monetaryValue ?? 0,
          pipelineId: b.pipelineId,
          pipelineStageId: b.pipelineStageId,
          assignedTo: b.assignedTo ?? null,
          status: b.status,
          source: b.source ?? null,
          lastStatusChangeAt: now,
          createdAt: now,
          updatedAt: now,
          contactId: b.contactId,
          locationId: location,
        };
        opportunities.set(opportunity.id, opportunity);
        return json(res, 201, { opportunity, traceId: randomUUID() });
      }
      if (req.method === "POST" && path === "/conversations/messages") {
        if (b.type !== "SMS") return error(res, 422, "type must be one of the following values: SMS, …");
        const contact = contacts.get(String(b.contactId ?? ""));
        if (!contact || contact.locationId !== location) return error(res, 400, "Contact not found");
        if (!contact.phone) return error(res, 422, "Contact has no phone number");
        if (typeof b.message !== "string" || !b.message.trim()) return error(res, 422, "message is required");
        const message = {
          id: ghlId(),
          conversationId: `conv-${contact.id as string}`,
          contactId: contact.id,
          locationId: location,
          type: "SMS",
          body: b.message,
        };
        messages.set(message.id, message);
        return json(res, 201, {
          conversationId: message.conversationId,
          messageId: message.id,
          msg: "Message queued successfully.",
        });
      }
      if (req.method === "GET" && path === "/payments/transactions") {
        if (!query.altId || query.altType !== "location")
          return error(res, 422, "altId and altType are required");
        if (query.altId !== location)
          return error(res, 403, "The token does not have access to this location");
        const startAt = query.startAt ? new Date(query.startAt).getTime() : 0;
        const all = [...transactions.values()]
          .filter((t) => t.altId === location && new Date(t.createdAt).getTime() >= startAt)
          .sort((x, y) => y.createdAt.localeCompare(x.createdAt));
        const limit = Math.min(Number(query.limit ?? 10) || 10, 100);
        const offset = Number(query.offset ?? 0) || 0;
        return json(res, 200, { data: all.slice(offset, offset + limit), totalCount: all.length });
      }
      return error(res, 404, `Cannot ${req.method} ${path}`);
    });
  });
  await new Promise<void>((r) => server.listen(options.port ?? 0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  function signWith(rawBody: string, opts: SignOptions = {}): Record<string, string> {
    const keys = opts.keys ?? privateKeys;
    const scheme = opts.scheme ?? "ed25519";
    const data = Buffer.from(rawBody, "utf8");
    const headers: Record<string, string> = {};
    if (scheme === "ed25519" || scheme === "both")
      headers["x-ghl-signature"] = sign(null, data, keys.ed25519).toString("base64");
    if (scheme === "rsa" || scheme === "both")
      headers["x-wh-signature"] = sign("sha256", data, keys.rsa).toString("base64");
    return headers;
  }

  return {
    url,
    env: {
      GHL_API_BASE: url,
      GHL_WEBHOOK_ED25519_PUBLIC_KEY: pem(pairs.ed25519.publicKey),
      GHL_WEBHOOK_RSA_PUBLIC_KEY: pem(pairs.rsa.publicKey),
    },
    requests,
    contacts,
    opportunities,
    messages,
    transactions,
    calendar,
    addCalendar(locationId, slots, opts = {}) {
      const cal: GhlCalendar = {
        id: ghlId(),
        locationId,
        name: opts.name ?? "Consultation",
        slotMinutes: opts.slotMinutes ?? 30,
        slots: [...slots],
      };
      calendar.calendars.set(cal.id, cal);
      return cal;
    },
    outage(on) {
      down = on;
    },
    addLocation(locationId, token = `pit-${randomUUID()}`) {
      tokens.set(token, locationId);
      return { locationId, token };
    },
    addOAuthInstall(locationId) {
      const install = {
        clientId: `${ghlId()}-${ghlId().slice(0, 8)}`,
        clientSecret: randomUUID(),
        locationId,
      };
      const refreshToken = `oauth-rt-${randomBytes(12).toString("hex")}`;
      oauth.set(refreshToken, install);
      return { clientId: install.clientId, clientSecret: install.clientSecret, refreshToken };
    },
    addTransaction(t) {
      const now = new Date().toISOString();
      const txn: GhlTestTransaction = {
        _id: ghlId(),
        altType: "location",
        currency: "USD",
        status: "succeeded",
        liveMode: false,
        entityType: "invoice",
        entitySourceType: "invoice",
        chargeId: `ch_${randomBytes(8).toString("hex")}`,
        paymentProviderType: "stripe",
        amountRefunded: 0,
        createdAt: now,
        updatedAt: now,
        ...t,
      };
      transactions.set(txn._id, txn);
      return txn;
    },
    refund(transactionId, amount) {
      const t = transactions.get(transactionId);
      if (!t) throw new Error(`no transaction ${transactionId}`);
      const refunded = Math.round(((t.amountRefunded ?? 0) + amount) * 100) / 100;
      if (refunded > t.amount) throw new Error("refund larger than the payment");
      t.amountRefunded = refunded;
      t.status = refunded >= t.amount ? "refunded" : "partially_refunded";
      t.updatedAt = new Date().toISOString();
      return t;
    },
    webhook(type, fields, opts = {}) {
      return {
        type,
        ...fields,
        webhookId: opts.webhookId ?? randomUUID(),
        timestamp: (opts.timestamp ?? new Date()).toISOString(),
      };
    },
    sign: signWith,
    signed(body, opts) {
      const raw = typeof body === "string" ? body : JSON.stringify(body);
      return { body: raw, headers: { "content-type": "application/json", ...signWith(raw, opts) } };
    },
    otherKeys() {
      const other = keyPairs();
      return { ed25519: other.ed25519.privateKey, rsa: other.rsa.privateKey };
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections?.();
        server.close(() => r());
      }),
  };
}
