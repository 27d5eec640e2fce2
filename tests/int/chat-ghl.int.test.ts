import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createBot, publishBotFlow, saveBotFlow, type Bot } from "@/lib/chatbots/bots";
import { NOT_OFFERED, slotLabel, UNREACHABLE } from "@/lib/chatbots/booking";
import type { FlowDefinition } from "@/lib/chatbots/flow/definition";
import { syncHandoffToGhl } from "@/lib/chatbots/ghl-handoff";
import { handleVisitorMessage, startConversation, type RuntimeBot } from "@/lib/chatbots/runtime";
import { withUser, type Sql } from "@/lib/db/client";
import { startWorker } from "@/lib/engine/worker";
import { upsertGhlContact } from "@/lib/ghl/calendars";
import { connectGhlIntegration, findActiveIntegrationOfOrganization } from "@/lib/integrations/integrations";
import { testSql } from "@/tests/support/db";
import { startGhlTestServer, type GhlTestServer } from "@/tests/support/ghl-server";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/**
 * Bots in GoHighLevel's world, against the local GHL protocol server through lib/ghl's client:
 * the "Book appointment" step offers a GHL calendar's free slots as choices and books the pick
 * (a slot taken meanwhile is offered again politely, GHL down tells the visitor and keeps the
 * request), and a conversation handed over reaches GHL's conversations as inbound messages
 * (retried while GHL is down). GoHighLevel is a Starter feature: a free plan sends nothing.
 */

let sql: Sql;
let ghl: GhlTestServer;
const tenants: TestTenant[] = [];
const savedEnv = { ...process.env };

type Org = { t: TestTenant; locationId: string; calendarId: string; slots: Date[]; bot: RuntimeBot };

function node(id: string, type: string, config: Record<string, unknown>) {
  return { id, type, position: { x: 0, y: 0 }, data: { config } };
}
function edge(source: string, sourceHandle: string, target: string) {
  return { id: `${source}.${sourceHandle}->${target}.in`, source, sourceHandle, target, targetHandle: "in" };
}

function bookingFlow(calendarId: string): FlowDefinition {
  return {
    nodes: [
      node("start_1", "start", {}),
      node("ask_email", "ask", { question: "What's your email?", kind: "email", variable: "email" }),
      node("collect_lead_1", "collect_lead", { email_variable: "email", tags: ["chatbot"] }),
      node("book_1", "book_appointment", {
        calendar_id: calendarId,
        prompt: "Which time suits you?",
        timezone: "America/New_York",
        days_ahead: 7,
        max_slots: 6,
        title: "Roof inspection for {{ answers.email }}",
        confirmation: "You're booked for {{ answers.appointment_time }}. See you then!",
      }),
      node("goal_1", "goal", { name: "Appointment booked", message: "" }),
    ],
    edges: [
      edge("start_1", "out", "ask_email"),
      edge("ask_email", "out", "collect_lead_1"),
      edge("collect_lead_1", "out", "book_1"),
      edge("book_1", "booked", "goal_1"),
    ],
    viewport: { x: 0, y: 0, zoom: 1 },
  };
}

async function organization(label: string, plan: "starter" | "free" = "starter"): Promise<Org> {
  const t = await createTenant(sql, label, { plan: "starter" });
  tenants.push(t);
  const locationId = `loc${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const { token } = ghl.addLocation(locationId);
  const { id } = await withUser(t.members.owner, (tx) =>
    connectGhlIntegration(tx, t.id, {
      name: "Main location",
      locationId,
      currency: "USD",
      saleSources: ["invoice"],
      credentials: { kind: "private_token", token },
      connectedBy: t.members.owner.sub,
    }),
  );
  // The tenant's fixture integration (placeholder credentials) is not part of these scenarios.
  await sql`delete from integrations where organization_id = ${t.id} and id <> ${id}`;
  const day = new Date(Date.now() + 86_400_000);
  const slots = [14, 15, 16].map(
    (h) => new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), h)),
  );
  const calendar = ghl.addCalendar(locationId, slots);
  const bot = await withUser(t.members.owner, async (tx) => {
    const created: Bot = await createBot(tx, t.id, { name: "Roofer", greeting: "" });
    const saved = await saveBotFlow(tx, t.id, created.id, bookingFlow(calendar.id), 1);
    expect(saved.problems.filter((p) => p.severity === "error")).toEqual([]);
    await publishBotFlow(tx, t.id, created.id);
    return created;
  });
  if (plan === "free") await sql`update organizations set subscription_plan = 'free' where id = ${t.id}`;
  return { t, locationId, calendarId: calendar.id, slots, bot };
}

async function visitorWithOffer(org: Org, email: string) {
  const started = await startConversation(org.bot, { db: sql });
  expect(started.messages.map((m) => m.content)).toEqual(["What's your email?"]);
  const session = { id: started.sessionId, token: started.visitorToken };
  const offered = await handleVisitorMessage(org.bot, session.id, session.token, email, { db: sql });
  return { session, offered };
}

const say = (org: Org, session: { id: string; token: string }, text: string) =>
  handleVisitorMessage(org.bot, session.id, session.token, text, { db: sql });

const labels = (org: Org, slots = org.slots) =>
  slots.map((s) => slotLabel(s.toISOString(), "America/New_York"));

beforeAll(async () => {
  sql = testSql();
  ghl = await startGhlTestServer();
  Object.assign(process.env, ghl.env);
});

afterAll(async () => {
  await deleteTenants(sql, tenants);
  await sql.end();
  await ghl.close();
  process.env = savedEnv;
});

describe("the Book appointment step", () => {
  it("offers the calendar's free times as choices and books the one picked", async () => {
    const org = await organization("Booking ok");
    const { session, offered } = await visitorWithOffer(org, "sam@example.test");
    const [offer] = offered.messages;
    expect(offer).toMatchObject({ content: "Which time suits you?", choices: labels(org) });
    const slotsCall = ghl.requests.find((r) => r.path === `/calendars/${org.calendarId}/free-slots`);
    expect(slotsCall).toMatchObject({ version: "2021-04-15", query: { timezone: "America/New_York" } });

    const booked = await say(org, session, offer!.choices![1]!);
    expect(booked.messages.map((m) => m.content)).toEqual([
      `You're booked for ${labels(org)[1]}. See you then!`,
    ]);
    expect(booked.goalReached).toBe(true);
    const appointments = [...ghl.calendar.appointments.values()].filter(
      (a) => a.calendarId === org.calendarId,
    );
    expect(appointments).toHaveLength(1);
    expect(Date.parse(appointments[0]!.startTime)).toBe(org.slots[1]!.getTime());
    const contact = ghl.contacts.get(String(appointments[0]!.contactId));
    expect(contact).toMatchObject({ email: "sam@example.test", locationId: org.locationId });
    expect(appointments[0]).toMatchObject({ title: "Roof inspection for sam@example.test" });
    const [row] = await sql<{ ghl_contact_id: string; flow_state: { answers: Record<string, string> } }[]>`
      select ghl_contact_id, flow_state from conversation_sessions where id = ${session.id}`;
    expect(row!.ghl_contact_id).toBe(contact!.id);
    expect(row!.flow_state.answers).toMatchObject({
      appointment_time: labels(org)[1],
      appointment_id: appointments[0]!.id,
    });
  });

  it("refuses a slot taken meanwhile with a polite message and offers the times still free", async () => {
    const org = await organization("Booking taken");
    const first = await visitorWithOffer(org, "first@example.test");
    const second = await visitorWithOffer(org, "second@example.test");
    const taken = first.offered.messages[0]!.choices![0]!;
    await say(org, first.session, taken);

    const refused = await say(org, second.session, taken);
    expect(refused.status).toBe("active");
    expect(refused.messages).toHaveLength(1);
    expect(refused.messages[0]).toMatchObject({
      content: `Sorry, ${taken} was just taken. Which time suits you?`,
      choices: labels(org, org.slots.slice(1)),
    });
    const rebooked = await say(org, second.session, "2"); // the second time still free, by number
    expect(rebooked.messages[0]!.content).toBe(`You're booked for ${labels(org)[2]}. See you then!`);
    expect(
      [...ghl.calendar.appointments.values()].filter((a) => a.calendarId === org.calendarId),
    ).toHaveLength(2);
  });

  it("keeps the times offered when the visitor writes something else than a pick", async () => {
    const org = await organization("Booking question");
    const { session } = await visitorWithOffer(org, "q@example.test");
    const reply = await say(org, session, "hmm what does that cost?");
    expect(reply.status).toBe("active");
    expect(reply.messages.at(-1)).toMatchObject({ choices: labels(org) });
  });

  it("tells the visitor when GoHighLevel is down, keeps the request and hands the chat to the team", async () => {
    const org = await organization("Booking down");
    const { session, offered } = await visitorWithOffer(org, "down@example.test");
    const wanted = offered.messages[0]!.choices![0]!;
    ghl.outage(true);
    try {
      const reply = await say(org, session, wanted);
      expect(reply.messages.map((m) => m.content)).toEqual([UNREACHABLE]);
      expect(reply.status).toBe("handed_off");
      // The session keeps what was asked; the visitor's pick is in the transcript.
      const [row] = await sql<{ flow_state: { answers: Record<string, string> } }[]>`
        select flow_state from conversation_sessions where id = ${session.id}`;
      expect(row!.flow_state.answers.appointment_requested).toBe(wanted);
      // Handing over to GHL's conversations waits for GHL: refused now, nothing marked sent.
      await expect(syncHandoffToGhl(org.t.id, session.id, sql)).rejects.toThrow(/503/);
      const [sync] = await sql<{ ghl_synced_seq: string; ghl_sync_error: string }[]>`
        select ghl_synced_seq, ghl_sync_error from conversation_sessions where id = ${session.id}`;
      expect(sync).toMatchObject({ ghl_synced_seq: "0", ghl_sync_error: expect.stringMatching(/503/) });
    } finally {
      ghl.outage(false);
    }
    expect([...ghl.calendar.appointments.values()].some((a) => a.calendarId === org.calendarId)).toBe(false);
    // GHL back: the retry sends the whole transcript, the request included.
    const sent = await syncHandoffToGhl(org.t.id, session.id, sql);
    expect(sent).toMatchObject({ kind: "sent" });
    const text = ghl.calendar.chatMessages.find(
      (m) => m.conversationId === (sent as { conversationId: string }).conversationId,
    )!.body;
    expect(text).toContain(`Visitor: ${wanted}`);
    expect(text).toContain(`Roofer: ${UNREACHABLE}`);
  });

  it("sends nothing to GoHighLevel on a plan without it (Starter and above)", async () => {
    const org = await organization("Booking free", "free");
    const before = ghl.requests.length;
    const started = await startConversation(org.bot, { db: sql });
    const reply = await handleVisitorMessage(
      org.bot,
      started.sessionId,
      started.visitorToken,
      "free@example.test",
      {
        db: sql,
      },
    );
    expect(reply.messages.map((m) => m.content)).toEqual([NOT_OFFERED]);
    expect(reply.status).toBe("handed_off");
    expect(ghl.requests.slice(before).filter((r) => r.authorization?.includes("pit-"))).toEqual([]);
    expect(await syncHandoffToGhl(org.t.id, started.sessionId, sql)).toMatchObject({ kind: "skipped" });
    const [job] = await sql<{ n: number }[]>`
      select count(*)::int as n from graphile_worker.jobs where key = ${`ghl-handoff:${started.sessionId}`}`;
    expect(job!.n).toBe(0);
  });
});

describe("the visitor's GHL contact", () => {
  it("finds an existing contact by email without overwriting its details; a new one gets the visitor's", async () => {
    const org = await organization("Contact lookup");
    const integration = (await findActiveIntegrationOfOrganization(org.t.id))!;
    const existing = {
      id: `ctc${randomUUID().replaceAll("-", "").slice(0, 16)}`,
      locationId: org.locationId,
      email: "dana@example.test",
      firstName: "Dana",
      lastName: "Real",
      phone: "+15550001111",
      tags: [],
    };
    ghl.contacts.set(existing.id, { ...existing });
    // A visitor types Dana's email with another name and phone: the booking is Dana's, her record unchanged.
    const id = await upsertGhlContact(integration, {
      email: "dana@example.test",
      phone: "+15559999999",
      firstName: "Mallory",
      lastName: "Impostor",
    });
    expect(id).toBe(existing.id);
    expect(ghl.contacts.get(existing.id)).toMatchObject({
      firstName: "Dana",
      lastName: "Real",
      phone: "+15550001111",
    });

    const created = await upsertGhlContact(integration, {
      email: "new.visitor@example.test",
      phone: "+15552223333",
      firstName: "Nia",
      lastName: "New",
    });
    expect(created).not.toBe(existing.id);
    expect(ghl.contacts.get(created)).toMatchObject({
      email: "new.visitor@example.test",
      phone: "+15552223333",
      firstName: "Nia",
      lastName: "New",
    });
  });
});

describe("hand-off to GoHighLevel's conversations", () => {
  it("a worker adds the transcript to the contact's GHL conversation, then the visitor's new messages", async () => {
    const org = await organization("Handoff");
    const { session } = await visitorWithOffer(org, "hand@example.test");
    const handed = await say(org, session, "Can I talk to a real person?");
    expect(handed.status).toBe("handed_off");
    const worker = await startWorker({
      connectionString: inject("appDatabaseUrl"),
      pollInterval: 100,
      schedules: false,
    });
    const messagesOf = (contactId: string) =>
      ghl.calendar.chatMessages.filter((m) => m.contactId === contactId);
    const ghlContact = () =>
      [...ghl.contacts.values()].find(
        (c) => c.email === "hand@example.test" && c.locationId === org.locationId,
      );
    async function until(count: number) {
      for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
        const contact = ghlContact();
        if (contact && messagesOf(String(contact.id)).length >= count) return messagesOf(String(contact.id));
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no ${count} GHL messages in time`);
    }
    try {
      const [first] = await until(1);
      expect(first).toMatchObject({ type: "Live_Chat", direction: "inbound", locationId: org.locationId });
      expect(first!.body).toContain("Website chat with Roofer, handed to the team:");
      expect(first!.body).toContain("Visitor: hand@example.test");
      expect(first!.body).toContain("Visitor: Can I talk to a real person?");
      const inbound = ghl.requests.find((r) => r.path === "/conversations/messages/inbound");
      expect(inbound).toMatchObject({
        version: "2021-04-15",
        authorization: expect.stringMatching(/^Bearer pit-/),
      });

      await say(org, session, "I'm here until 5pm.");
      const [, second] = await until(2);
      expect(second).toMatchObject({ conversationId: first!.conversationId, body: "I'm here until 5pm." });
    } finally {
      await worker.stop();
    }
    const [row] = await sql<{ ghl_conversation_id: string; ghl_sync_error: string | null }[]>`
      select ghl_conversation_id, ghl_sync_error from conversation_sessions where id = ${session.id}`;
    expect(row).toEqual({ ghl_conversation_id: expect.any(String), ghl_sync_error: null });
  });
});
