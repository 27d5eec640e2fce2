import { createServer, type Socket } from "node:net";

/**
 * A local SMTP server for tests, standing in for the mail provider a production install sends
 * through (SMTP_HOST): it speaks enough of RFC 5321 for nodemailer (EHLO, MAIL, RCPT, DATA, RSET,
 * NOOP, QUIT), keeps every message in memory and decodes its plain-text part. The e2e stack runs
 * as production, where there is no local mailbox page, so specs read their emails here.
 */

export type ReceivedMail = {
  from: string;
  to: string[];
  subject: string;
  text: string;
  /** Every http(s) URL in the text, in order. */
  links: string[];
  receivedAt: Date;
};

export type SmtpTestServer = {
  port: number;
  messages: ReceivedMail[];
  /** Waits (up to `timeoutMs`) for a message to `address` that `match` accepts; returns the newest. */
  waitForMail(
    address: string,
    match?: (mail: ReceivedMail) => boolean,
    timeoutMs?: number,
  ): Promise<ReceivedMail>;
  close(): Promise<void>;
};

const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

export async function startSmtpTestServer(options: { port?: number } = {}): Promise<SmtpTestServer> {
  const messages: ReceivedMail[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    serve(socket, (mail) => messages.push(mail));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: options.port ?? 0, host: "127.0.0.1" }, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    port,
    messages,
    async waitForMail(address, match = () => true, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      const wanted = address.toLowerCase();
      for (;;) {
        const found = messages.filter((m) => m.to.includes(wanted) && match(m)).at(-1);
        if (found) return found;
        if (Date.now() > deadline) {
          const seen = messages.map((m) => `${m.to.join(",")}: ${m.subject}`).join("; ") || "none";
          throw new Error(`No email to ${address} within ${timeoutMs} ms (received: ${seen})`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function serve(socket: Socket, deliver: (mail: ReceivedMail) => void): void {
  let buffer = "";
  let from = "";
  let to: string[] = [];
  let data: string[] | null = null;
  let dataBytes = 0;
  const reply = (line: string) => socket.write(`${line}\r\n`);
  reply("220 localhost ESMTP orgflow-test");
  socket.setEncoding("utf8");
  socket.on("error", () => socket.destroy());
  socket.on("data", (chunk: string) => {
    buffer += chunk;
    let end: number;
    while ((end = buffer.indexOf("\r\n")) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (data) {
        if (line === ".") {
          deliver(parseMessage(from, to, data.join("\r\n")));
          data = null;
          to = [];
          reply("250 2.0.0 queued");
        } else if ((dataBytes += line.length) > MAX_MESSAGE_BYTES) {
          reply("552 message too large");
          socket.end();
        } else {
          data.push(line.startsWith("..") ? line.slice(1) : line);
        }
        continue;
      }
      switch (line.slice(0, 4).toUpperCase()) {
        case "EHLO":
          reply("250-localhost\r\n250-8BITMIME\r\n250 SMTPUTF8");
          break;
        case "HELO":
          reply("250 localhost");
          break;
        case "MAIL":
          from = addressIn(line);
          reply("250 2.1.0 ok");
          break;
        case "RCPT":
          to.push(addressIn(line).toLowerCase());
          reply("250 2.1.5 ok");
          break;
        case "DATA":
          data = [];
          dataBytes = 0;
          reply("354 end with <CRLF>.<CRLF>");
          break;
        case "RSET":
          from = "";
          to = [];
          reply("250 2.0.0 ok");
          break;
        case "NOOP":
          reply("250 2.0.0 ok");
          break;
        case "QUIT":
          reply("221 2.0.0 bye");
          socket.end();
          break;
        default:
          reply("502 5.5.2 command not implemented");
      }
    }
  });
}

function addressIn(line: string): string {
  return /<([^>]*)>/.exec(line)?.[1] ?? line.split(":").slice(1).join(":").trim();
}

type Part = { headers: Map<string, string>; body: string };

function splitPart(raw: string): Part {
  const at = raw.indexOf("\r\n\r\n");
  const head = at >= 0 ? raw.slice(0, at) : raw;
  const body = at >= 0 ? raw.slice(at + 4) : "";
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function decodeBody(part: Part): string {
  const encoding = (part.headers.get("content-transfer-encoding") ?? "7bit").toLowerCase();
  if (encoding === "base64") return Buffer.from(part.body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (encoding === "quoted-printable") {
    const bytes = part.body
      .replace(/=\r\n/g, "")
      .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  return part.body;
}

/** The text/plain part (the first one found, depth first), decoded. */
function plainText(part: Part): string | null {
  const type = part.headers.get("content-type") ?? "text/plain";
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    for (const raw of part.body.split(`--${boundary}`).slice(1)) {
      if (raw.startsWith("--")) break;
      const text = plainText(splitPart(raw.replace(/^\r\n/, "")));
      if (text !== null) return text;
    }
    return null;
  }
  return /^text\/plain/i.test(type) ? decodeBody(part) : null;
}

function decodeHeader(value: string): string {
  return value.replace(/=\?([^?]+)\?([BQ])\?([^?]*)\?=/gi, (_, _charset, kind: string, text: string) =>
    kind.toUpperCase() === "B"
      ? Buffer.from(text, "base64").toString("utf8")
      : Buffer.from(
          text
            .replace(/_/g, " ")
            .replace(/=([0-9A-F]{2})/gi, (__, hex: string) => String.fromCharCode(parseInt(hex, 16))),
          "latin1",
        ).toString("utf8"),
  );
}

function parseMessage(from: string, to: string[], raw: string): ReceivedMail {
  const message = splitPart(raw);
  const text = plainText(message) ?? "";
  return {
    from,
    to,
    subject: decodeHeader(message.headers.get("subject") ?? ""),
    text,
    links: [...text.matchAll(/https?:\/\/[^\s<>"')\]]+/g)].map((m) => m[0]),
    receivedAt: new Date(),
  };
}
