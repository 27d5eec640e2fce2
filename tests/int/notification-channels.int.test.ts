import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { stackConfig } from "@/lib/config/stack";
import { withServiceRoleBypassingRls, withUser, type Sql } from "@/lib/db/client";
import type { EngineWorker } from "@/lib/engine/worker";
import { MAX_ATTEMPTS } from "@/lib/notifications/delivery";
import { sendDigests } from "@/lib/notifications/digest";
import { notify, type NotifyParams } from "@/lib/notifications/notify";
import { sendPush } from "@/lib/notifications/channels/push";
import {
  createOrganizationHook,
  savePushSubscription,
  saveNotificationTarget,
  setNotificationPreference,
} from "@/lib/notifications/targets";
import { ensureQueue } from "@/lib/queue/queue";
import { testSql } from "@/tests/support/db";
import { startServer, startTestWorkers } from "@/tests/support/engine";
import {
  decryptPush,
  newTestBrowser,
  startPushService,
  startTwilioServer,
  verifyVapid,
  type TwilioServer,
} from "@/tests/support/notify-servers";
import { startSmtpTestServer, type SmtpTestServer } from "@/tests/support/smtp-server";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";
import { newVapidKeys } from "@/supabase/local-stack/secrets";

/**
 * Notifications on every channel (issue #23, item 1), through the real queue's worker to local
 * servers speaking each service's protocol: SMTP, Slack's and Discord's incoming webhooks, a web
 * push service (the payload is decrypted as a browser would, the VAPID signature checked), and
 * Twilio's Messages API. Preferences decide what is sent; a failing channel is retried with backoff
 * and then marked failed while the others are delivered.
 *
 * The local servers are on 127.0.0.1. A person's own targets (Slack/Discord URLs, push endpoints)
 * never reach private addresses, whatever the organization allows: the Slack and Discord servers
 * are reached through organization hooks made by an owner of an organization that allows private
 * targets, and the push protocol is checked against the channel's sender directly.
 */

type Delivery = {
  channel: string;
  status: string;
  attempts: number;
  sent_at: Date | null;
  delivered_at: Date | null;
  last_error: string | null;
};

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

const chatServer = (answer: number, text = "") =>
  startServer((_req, _body, res) => {
    res.statusCode = answer;
    res.end(text);
  });

describe("notifications on every channel", () => {
  let sql: Sql;
  let a: TestTenant;
  let closed: TestTenant;
  let smtp: SmtpTestServer;
  let twilio: TwilioServer;
  let workers: EngineWorker[] = [];
  const servers: { close(): Promise<void> }[] = [];
  const vapid = newVapidKeys();

  beforeAll(async () => {
    sql = testSql(6);
    stackConfig(); // read (and cached) as the test tier configures it, before NODE_ENV changes below
    await ensureQueue(inject("databaseUrl"));
    [a, closed] = await Promise.all([createTenant(sql, "Signals A"), createTenant(sql, "Signals B")]);
    // The local servers are on 127.0.0.1: A allows private targets for its owners' hooks, B does not.
    await sql`update organizations set settings = settings || '{"allow_private_network": true}' where id = ${a.id}`;
    smtp = await startSmtpTestServer();
    twilio = await startTwilioServer();
    servers.push(smtp, twilio);
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("INTEGRATIONS_ENCRYPTION_KEY", randomBytes(32).toString("base64"));
    vi.stubEnv("SMTP_HOST", "127.0.0.1");
    vi.stubEnv("SMTP_PORT", String(smtp.port));
    vi.stubEnv("VAPID_PUBLIC_KEY", vapid.publicKey);
    vi.stubEnv("VAPID_PRIVATE_KEY", vapid.privateKey);
    vi.stubEnv("VAPID_SUBJECT", "mailto:ops@example.test");
    vi.stubEnv("NOTIFICATION_RETRY_BASE_MS", "100");
    for (const [k, v] of Object.entries(twilio.env)) vi.stubEnv(k, v);
    workers = await startTestWorkers(1);
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    vi.unstubAllEnvs();
    await Promise.all(servers.map((s) => s.close()));
    await deleteTenants(sql, [a, closed]);
    await sql.end();
  });

  async function track<T extends { close(): Promise<void> }>(server: Promise<T>): Promise<T> {
    const s = await server;
    servers.push(s);
    return s;
  }

  const send = (t: TestTenant, params: NotifyParams) =>
    withServiceRoleBypassingRls((tx) => notify(tx, t.id, params), sql);

  async function hookDeliveries(hookId: string, title: string): Promise<Delivery[]> {
    return sql<Delivery[]>`
      select d.channel, d.status, d.attempts, d.sent_at, d.delivered_at, d.last_error
      from notification_deliveries d join notifications n on n.id = d.notification_id
      where d.hook_id = ${hookId} and n.title = ${title}`;
  }

  const hookOf = (t: TestTenant, kind: string, channel: "slack" | "discord", url: string) =>
    withUser(t.members.owner, (tx) => createOrganizationHook(tx, t.id, { channel, url, kinds: [kind] }));

  async function deliveries(userId: string, title: string): Promise<Delivery[]> {
    return sql<Delivery[]>`
      select d.channel, d.status, d.attempts, d.sent_at, d.delivered_at, d.last_error
      from notification_deliveries d join notifications n on n.id = d.notification_id
      where d.recipient_user_id = ${userId} and n.title = ${title} order by d.channel`;
  }

  const settled = (rows: Delivery[]) =>
    rows.every((d) => ["sent", "delivered", "failed", "digest"].includes(d.status));

  it("sends one notification on each channel, each in its service's protocol", async () => {
    const slack = await track(chatServer(200, "ok"));
    const discord = await track(chatServer(204));
    const push = await track(startPushService(201));
    const owner = a.members.owner;
    const browser = newTestBrowser();
    const slackHook = await hookOf(a, "workflow", "slack", `${slack.url}/services/T1/B1/x`);
    const discordHook = await hookOf(a, "workflow", "discord", `${discord.url}/api/webhooks/1/y`);
    await withUser(owner, async (tx) => {
      await saveNotificationTarget(tx, owner.sub, { channel: "sms", value: "+14155550123" });
      await savePushSubscription(
        tx,
        owner.sub,
        { endpoint: `${push.url}/push/abc`, keys: { p256dh: browser.p256dh, auth: browser.auth } },
        "test",
      );
      // The Notify step's kind emails nobody and texts nobody by default: this person asks for both.
      await setNotificationPreference(tx, owner.sub, { kind: "workflow", channel: "email", mode: "on" });
      await setNotificationPreference(tx, owner.sub, { kind: "workflow", channel: "sms", mode: "on" });
    });
    const [target] =
      await sql`select value_ciphertext from notification_targets where user_id = ${owner.sub} and channel = 'sms'`;
    expect(String(target!.value_ciphertext)).not.toContain("4155550123");

    const title = "Deal <won> & signed";
    const n = await send(a, {
      recipients: [owner.sub, a.members.viewer.sub],
      kind: "workflow",
      title,
      message: "Acme signed the yearly plan.",
      priority: "high",
      link: `/o/${a.slug}/workflows`,
    });
    expect(n).toBe(2);
    const rows = await waitFor(async () => {
      const r = await deliveries(owner.sub, title);
      return r.length === 4 && settled(r) ? r : undefined;
    });
    // The person's own push endpoint is on 127.0.0.1: refused, though the organization allows
    // private targets (a browser's endpoint is anyone's input).
    expect(Object.fromEntries(rows.map((d) => [d.channel, d.status]))).toEqual({
      in_app: "delivered",
      email: "sent",
      push: "failed",
      sms: "sent",
    });
    expect(rows.find((d) => d.channel === "push")!.last_error).toMatch(/private, loopback/);
    expect(push.received).toHaveLength(0);
    for (const d of rows.filter((r) => r.channel !== "push")) expect(d.sent_at, d.channel).not.toBeNull();
    const hooks = await waitFor(async () => {
      const r = [...(await hookDeliveries(slackHook, title)), ...(await hookDeliveries(discordHook, title))];
      return r.length === 2 && settled(r) ? r : undefined;
    });
    expect(hooks.map((d) => [d.channel, d.status])).toEqual([
      ["slack", "delivered"],
      ["discord", "delivered"],
    ]);
    expect(hooks[0]!.delivered_at).not.toBeNull();

    const link = `${stackConfig().siteUrl}/o/${a.slug}/workflows`;
    const mail = await smtp.waitForMail(owner.email, (m) => m.subject === title);
    expect(mail.text).toContain("Acme signed the yearly plan.");
    expect(mail.links).toContain(link);

    const slackBody = JSON.parse(slack.requests[0]!.body) as { text: string };
    expect(slackBody.text).toContain("*Deal &lt;won&gt; &amp; signed*");
    expect(slackBody.text).toContain(`<${link}|Open in Orgflow>`);
    const discordBody = JSON.parse(discord.requests[0]!.body) as {
      content: string;
      allowed_mentions: unknown;
    };
    expect(discordBody.content).toContain(`**${title}**`);
    expect(discordBody.allowed_mentions).toEqual({ parse: [] });

    // The push protocol, against the channel's sender (the local push service is private).
    const pushedOutcome = await sendPush(
      { endpoint: `${push.url}/push/abc`, p256dh: browser.p256dh, auth: browser.auth },
      {
        kind: "workflow",
        title,
        message: "Acme signed the yearly plan.",
        priority: "high",
        url: link,
        organizationName: "Signals A",
      },
      true,
    );
    expect(pushedOutcome).toEqual({ ok: true, delivered: false });
    expect(push.received).toHaveLength(1);
    const pushed = push.received[0]!;
    expect(pushed.headers["content-encoding"]).toBe("aes128gcm");
    expect(pushed.headers.urgency).toBe("high");
    expect(verifyVapid(String(pushed.headers.authorization), vapid.publicKey, push.url)).toBe(true);
    expect(verifyVapid(String(pushed.headers.authorization), newVapidKeys().publicKey, push.url)).toBe(false);
    expect(decryptPush(browser, pushed.body)).toEqual({
      title,
      body: "Acme signed the yearly plan.",
      url: link,
      tag: "workflow",
    });

    expect(twilio.messages).toEqual([
      { to: "+14155550123", from: "+15005550006", body: expect.stringContaining(`Orgflow: ${title}`) },
    ]);

    // The viewer set nothing up: the bell only, and an email only when their preferences ask.
    const viewerRows = await deliveries(a.members.viewer.sub, title);
    expect(viewerRows.map((d) => d.channel)).toEqual(["in_app"]);
    // Each person sees their own deliveries, nobody else's.
    const seen = await withUser(a.members.viewer, (tx) => tx`select channel from notification_deliveries`);
    expect(seen.map((r) => r.channel)).toEqual(["in_app"]);
  });

  it("lets preferences decide: the bell off, email in a daily digest, a channel off, strangers ignored", async () => {
    const slack = await track(chatServer(200, "ok"));
    const person = a.members.sales;
    await withUser(person, async (tx) => {
      await saveNotificationTarget(tx, person.sub, {
        channel: "slack",
        value: `${slack.url}/services/T/B/z`,
      });
      await setNotificationPreference(tx, person.sub, { kind: "run_failed", channel: "in_app", mode: "off" });
      await setNotificationPreference(tx, person.sub, {
        kind: "run_failed",
        channel: "email",
        mode: "digest",
      });
      await setNotificationPreference(tx, person.sub, { kind: "run_failed", channel: "slack", mode: "off" });
    });
    // Everything off for the administrator.
    await withUser(a.members.administrator, async (tx) => {
      for (const channel of ["in_app", "email"] as const)
        await setNotificationPreference(tx, a.members.administrator.sub, {
          kind: "run_failed",
          channel,
          mode: "off",
        });
    });
    const title = "Nightly sync failed";
    const n = await send(a, {
      recipients: [person.sub, a.members.administrator.sub, closed.members.owner.sub],
      kind: "run_failed",
      title,
      message: "Step 3 timed out.",
    });
    expect(n).toBe(1);
    const [note] =
      await sql`select channel from notifications where recipient_user_id = ${person.sub} and title = ${title}`;
    expect(note!.channel).toBe("none");
    expect(await deliveries(person.sub, title)).toMatchObject([{ channel: "email", status: "digest" }]);
    expect(await deliveries(a.members.administrator.sub, title)).toEqual([]);
    // The organization's own hook for failed runs (the tenant fixture's) gets one post for the event.
    const hookPosts = await sql`
      select d.channel from notification_deliveries d join notifications n on n.id = d.notification_id
      where d.hook_id is not null and n.title = ${title}`;
    expect(hookPosts.map((r) => r.channel)).toEqual(["slack"]);
    expect(
      await sql`select 1 from notifications where recipient_user_id = ${closed.members.owner.sub} and title = ${title}`,
    ).toEqual([]);

    const second = "Invoice export failed";
    await send(a, { recipients: [person.sub], kind: "run_failed", title: second });
    const digest = await sendDigests(sql);
    expect(digest.items).toBeGreaterThanOrEqual(2);
    const mail = await smtp.waitForMail(person.email, (m) => m.subject.startsWith("Your Orgflow digest"));
    expect(mail.text).toContain(title);
    expect(mail.text).toContain(second);
    expect(mail.text).toContain("Step 3 timed out.");
    expect(await deliveries(person.sub, title)).toMatchObject([{ channel: "email", status: "sent" }]);
    expect((await sendDigests(sql)).items).toBe(0); // nothing twice
    expect(slack.requests).toHaveLength(0);
  });

  it("retries a failing channel with backoff, then marks it failed, while the others are delivered", async () => {
    const broken = await track(chatServer(500, "internal_error"));
    const discord = await track(chatServer(204));
    const person = a.members.bot_trainer;
    twilio.failNext(2);
    const slackHook = await hookOf(a, "commission_approved", "slack", `${broken.url}/services/T/B/broken`);
    const discordHook = await hookOf(a, "commission_approved", "discord", `${discord.url}/api/webhooks/2/ok`);
    await withUser(person, async (tx) => {
      await saveNotificationTarget(tx, person.sub, { channel: "sms", value: "+14155550999" });
      await setNotificationPreference(tx, person.sub, {
        kind: "commission_approved",
        channel: "sms",
        mode: "on",
      });
    });
    const title = "Commission approved: $120.00";
    await send(a, { recipients: [person.sub], kind: "commission_approved", title });

    // Discord is delivered while Slack is still being retried.
    await waitFor(async () => {
      const [d] = await hookDeliveries(discordHook, title);
      return d?.status === "delivered" ? d : undefined;
    });
    expect((await hookDeliveries(slackHook, title))[0]!.status).not.toBe("failed");

    const slack = await waitFor(async () => {
      const [d] = await hookDeliveries(slackHook, title);
      return d && settled([d]) ? d : undefined;
    });
    const rows = await waitFor(async () => {
      const r = await deliveries(person.sub, title);
      return settled(r) ? r : undefined;
    });
    expect(slack).toMatchObject({
      status: "failed",
      attempts: MAX_ATTEMPTS,
      last_error: "Slack answered 500.",
    });
    expect(slack.sent_at).toBeNull();
    expect(broken.requests).toHaveLength(MAX_ATTEMPTS);
    expect(rows.find((d) => d.channel === "sms")).toMatchObject({ status: "sent", attempts: 3 });
    expect(twilio.messages.filter((m) => m.to === "+14155550999")).toHaveLength(1);
    expect(rows.find((d) => d.channel === "email")).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("fails at once what cannot get better: a webhook that is gone, a private target the organization does not allow", async () => {
    const gone = await track(chatServer(404, "no_service"));
    const goneHook = await hookOf(a, "payout_paid", "slack", `${gone.url}/services/gone`);
    const title = "Payout paid";
    await send(a, { recipients: [a.members.owner.sub], kind: "payout_paid", title });
    const [hook] = await waitFor(async () => {
      const r = await hookDeliveries(goneHook, title);
      return r.length === 1 && settled(r) ? r : undefined;
    });
    expect(hook).toMatchObject({ status: "failed", attempts: 1, last_error: "Slack answered 404." });

    const local = await track(chatServer(200, "ok"));
    const owner = closed.members.owner;
    await withUser(owner, (tx) =>
      saveNotificationTarget(tx, owner.sub, { channel: "discord", value: `${local.url}/x` }),
    );
    await send(closed, { recipients: [owner.sub], kind: "quota", title: "Runs paused" });
    const blocked = await waitFor(async () => {
      const r = await deliveries(owner.sub, "Runs paused");
      const d = r.find((x) => x.channel === "discord");
      return d && d.status === "failed" ? d : undefined;
    });
    expect(blocked.attempts).toBe(1);
    expect(blocked.last_error).toMatch(/private|not allowed|blocked/i);
    expect(local.requests).toHaveLength(0);
  });

  it("never lets a person's own webhook reach a private address, even where the organization allows private targets", async () => {
    const internal = await track(chatServer(200, "internal admin"));
    const viewer = a.members.viewer;
    await withUser(viewer, async (tx) => {
      await saveNotificationTarget(tx, viewer.sub, {
        channel: "slack",
        value: `${internal.url}/admin/reset`,
      });
      await saveNotificationTarget(tx, viewer.sub, { channel: "discord", value: `${internal.url}/other` });
    });
    const title = "Probe the intranet";
    await send(a, { recipients: [viewer.sub], kind: "workflow", title });
    const rows = await waitFor(async () => {
      const r = await deliveries(viewer.sub, title);
      return r.length === 3 && settled(r) ? r : undefined;
    });
    for (const channel of ["slack", "discord"]) {
      const d = rows.find((x) => x.channel === channel)!;
      expect(d, channel).toMatchObject({ status: "failed", attempts: 1, sent_at: null });
      expect(d.last_error, channel).toMatch(
        /127\.0\.0\.1.*private, loopback and link-local addresses are blocked/,
      );
    }
    expect(internal.requests).toHaveLength(0);
  });

  it("lets an organization hook reach a private address only when an owner made it", async () => {
    const internal = await track(chatServer(200, "ok"));
    const admin = a.members.administrator;
    const adminHook = await withUser(admin, (tx) =>
      createOrganizationHook(tx, a.id, { channel: "slack", url: `${internal.url}/x`, kinds: ["quota"] }),
    );
    const title = "Quota nearly used";
    await send(a, { recipients: [a.members.owner.sub], kind: "quota", title });
    const [d] = await waitFor(async () => {
      const r = await hookDeliveries(adminHook, title);
      return r.length === 1 && settled(r) ? r : undefined;
    });
    expect(d).toMatchObject({ status: "failed", attempts: 1 });
    expect(d!.last_error).toMatch(/private, loopback and link-local addresses are blocked/);
    expect(internal.requests).toHaveLength(0);
  });
});
