import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createBot, publishBotFlow, type Bot } from "@/lib/chatbots/bots";
import { handleVisitorMessage, startConversation } from "@/lib/chatbots/runtime";
import { stackConfig } from "@/lib/config/stack";
import { withUser, type Sql, type UserClaims } from "@/lib/db/client";
import { setWaitingEmail } from "@/lib/inbox/inbox";
import { attemptNotificationDelivery } from "@/lib/notifications/delivery";
import { testSql } from "@/tests/support/db";
import { startSmtpTestServer, type SmtpTestServer } from "@/tests/support/smtp-server";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

// The route reads the session: the signed-in user's verified claims are given.
const signedIn = vi.hoisted(() => ({ claims: null as UserClaims | null }));
vi.mock("@/lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/session")>()),
  getClaims: async () => signedIn.claims,
}));

const { GET: liveRoute } = await import("@/app/api/live/route");

/**
 * The inbox and the bell, live (issue #19, item 6): GET /api/live streams "read again" pings fed
 * by Postgres notifications. A visitor asking for a person wakes the inbox of every member who may
 * read conversations and the bell of those told (bell entries made by the database in the
 * hand-off's transaction), and queues the emails, sent per each member's preference. Nothing
 * reaches another organization's stream, and `ready` comes only once the stream listens, so a
 * change made right after it is never lost.
 */

type Stream = { next: (event: string, ms?: number) => Promise<boolean>; close: () => void };

/** Opens the live stream as `claims`; `next(event)` waits for that event (false after `ms`). */
async function openLive(claims: UserClaims, slug: string): Promise<Stream> {
  signedIn.claims = claims;
  const abort = new AbortController();
  const res = await liveRoute(
    new NextRequest(`http://localhost/api/live?organization=${slug}`, { signal: abort.signal }),
    { params: Promise.resolve({}) },
  );
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const seen: string[] = [];
  let buffer = "";
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;
  return {
    async next(event, ms = 5000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const at = seen.indexOf(event);
        if (at >= 0) {
          seen.splice(0, at + 1);
          return true;
        }
        const left = deadline - Date.now();
        if (left <= 0) return false;
        pending ??= reader.read();
        const result = await Promise.race([
          pending,
          new Promise<null>((resolve) => setTimeout(() => resolve(null), left)),
        ]);
        if (!result) return false;
        pending = null;
        if (result.done) return false;
        buffer += decoder.decode(result.value, { stream: true });
        for (let i = buffer.indexOf("\n\n"); i >= 0; i = buffer.indexOf("\n\n")) {
          const name = /^event: (.+)$/m.exec(buffer.slice(0, i))?.[1];
          if (name) seen.push(name);
          buffer = buffer.slice(i + 2);
        }
      }
    },
    close: () => abort.abort(),
  };
}

describe("the inbox and the bell, live", () => {
  let sql: Sql;
  let a: TestTenant;
  let b: TestTenant;
  let bot: Bot;
  let smtp: SmtpTestServer;
  const streams: Stream[] = [];

  beforeAll(async () => {
    sql = testSql();
    a = await createTenant(sql, "LiveInboxA");
    b = await createTenant(sql, "LiveInboxB");
    smtp = await startSmtpTestServer();
    bot = await withUser(
      a.members.bot_trainer,
      async (tx) => {
        const made = await createBot(tx, a.id, { name: "Roofline" });
        await publishBotFlow(tx, a.id, made.id);
        return made;
      },
      sql,
    );
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    vi.unstubAllEnvs();
    await smtp.close();
    await deleteTenants(sql, [a, b]);
    await sql.end();
  });

  const live = async (claims: UserClaims, slug: string) => {
    const stream = await openLive(claims, slug);
    streams.push(stream);
    expect(await stream.next("ready")).toBe(true);
    return stream;
  };

  it("wakes the team's inbox and bells when a visitor asks for a person, and no other organization", async () => {
    const sales = await live(a.members.sales, a.slug);
    const viewer = await live(a.members.viewer, a.slug);
    const other = await live(b.members.owner, b.slug);

    // The administrator turned the waiting emails off.
    await withUser(
      a.members.administrator,
      (tx) => setWaitingEmail(tx, a.id, a.members.administrator.sub, false),
      sql,
    );
    // A visitor starts a conversation: the inbox wakes (a new conversation), no bell yet.
    const started = await startConversation(bot, { db: sql });
    expect(await sales.next("inbox")).toBe(true);
    expect(await viewer.next("inbox")).toBe(true);

    await handleVisitorMessage(
      bot,
      started.sessionId,
      started.visitorToken,
      "Can I talk to a human please?",
      {
        db: sql,
      },
    );
    expect(await sales.next("inbox")).toBe(true);
    expect(await sales.next("bell")).toBe(true);
    // The viewer may not take conversations over: their inbox updates, their bell stays quiet.
    expect(await viewer.next("inbox")).toBe(true);
    expect(await viewer.next("bell", 1000)).toBe(false);
    expect(await other.next("inbox", 500)).toBe(false);
    expect(await other.next("bell", 10)).toBe(false);

    const [entry] = await sql<{ title: string; link: string }[]>`
      select title, link from notifications
      where recipient_user_id = ${a.members.sales.sub} and kind = 'conversation_waiting'
        and link = ${`/o/${a.slug}/inbox?c=${started.sessionId}`}`;
    expect(entry?.title).toBe("A visitor is waiting for a person");
    // The emails are the notification's deliveries: to those told, except who turned them off
    // (the administrator, before the hand-off), sent by the queue's worker (here, by hand).
    const emails = await sql<{ id: string; recipient_user_id: string }[]>`
      select d.id, d.recipient_user_id from notification_deliveries d
      join notifications n on n.id = d.notification_id
      where n.link = ${`/o/${a.slug}/inbox?c=${started.sessionId}`} and d.channel = 'email'`;
    expect(emails).toHaveLength(3);
    expect(emails.map((e) => e.recipient_user_id)).toContain(a.members.sales.sub);
    expect(emails.map((e) => e.recipient_user_id)).not.toContain(a.members.administrator.sub);
    stackConfig(); // read as the test tier configures it, before NODE_ENV changes
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("SMTP_HOST", "127.0.0.1");
    vi.stubEnv("SMTP_PORT", String(smtp.port));
    vi.stubEnv("SMTP_FROM", "Orgflow <no-reply@example.test>");
    for (const e of emails) expect((await attemptNotificationDelivery(e.id, { db: sql })).kind).toBe("sent");
    const mail = await smtp.waitForMail(a.members.sales.email);
    expect(mail.subject).toBe("A visitor is waiting for a person");
    expect(mail.links.some((l) => l.endsWith(`/o/${a.slug}/inbox?c=${started.sessionId}`))).toBe(true);
    expect(smtp.messages.some((m) => m.to.includes(a.members.administrator.email))).toBe(false);
    expect(smtp.messages.some((m) => m.to.includes(a.members.viewer.email))).toBe(false);
  });

  it("loses no change made right after the stream says it is ready", async () => {
    const owner = await live(a.members.owner, a.slug);
    await sql`
      insert into notifications (organization_id, recipient_user_id, title, channel)
      values (${a.id}, ${a.members.owner.sub}, 'Right after ready', 'in_app')`;
    expect(await owner.next("bell")).toBe(true);
    // Marking it read (another tab) wakes the bell too.
    await sql`update notifications set read_at = now() where recipient_user_id = ${a.members.owner.sub} and read_at is null`;
    expect(await owner.next("bell")).toBe(true);
  });

  it("refuses a stranger and someone signed out", async () => {
    signedIn.claims = b.members.owner;
    const stranger = await liveRoute(new NextRequest(`http://localhost/api/live?organization=${a.slug}`), {
      params: Promise.resolve({}),
    });
    expect(stranger.status).toBe(404);
    signedIn.claims = null;
    const out = await liveRoute(new NextRequest(`http://localhost/api/live?organization=${a.slug}`), {
      params: Promise.resolve({}),
    });
    expect(out.status).toBe(401);
  });
});
