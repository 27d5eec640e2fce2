import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBot, getBotFlow, publishBotFlow, type Bot } from "@/lib/chatbots/bots";
import { botFlowTemplates } from "@/lib/chatbots/flow/templates";
import { handleVisitorMessage, startConversation } from "@/lib/chatbots/runtime";
import { withUser, type Sql } from "@/lib/db/client";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/**
 * Bots made from each flow template (lib/chatbots/flow/templates.ts) through the console's own
 * function: a valid flow, published as is, and a visitor's conversation that reaches its goal.
 * The knowledge bases are empty, so every question goes to the "not answered" branch.
 */

let sql: Sql;
let tenant: TestTenant;

beforeAll(async () => {
  sql = testSql();
  tenant = await createTenant(sql, "Bot templates");
});
afterAll(async () => {
  await deleteTenants(sql, [tenant]);
  await sql.end();
});

async function botFrom(template: string, name = template): Promise<Bot> {
  return withUser(
    tenant.members.bot_trainer,
    async (tx) => {
      const bot = await createBot(tx, tenant.id, { name }, { template });
      await publishBotFlow(tx, tenant.id, bot.id);
      return bot;
    },
    sql,
  );
}

/** Greets, then answers each visitor message in turn; the bot's texts, and the final state. */
async function converse(bot: Bot, visitor: string[]) {
  const started = await startConversation(bot, { db: sql });
  const said = [started.messages.map((m) => m.content)];
  let last;
  for (const text of visitor) {
    last = await handleVisitorMessage(bot, started.sessionId, started.visitorToken, text, { db: sql });
    said.push(last.messages.map((m) => m.content));
  }
  const [session] = await sql<{ status: string; goal_reached: boolean; contact_id: string | null }[]>`
    select status, goal_reached, contact_id from conversation_sessions where id = ${started.sessionId}`;
  const [contact] = session!.contact_id
    ? await sql<{ email: string | null; phone: string | null; first_name: string | null; tags: string[] }[]>`
        select email, phone, first_name, tags from contacts where id = ${session!.contact_id}`
    : [];
  return { said, session: session!, contact };
}

async function workflowEvents(botId: string) {
  const rows = await sql<{ payload: { event: string; payload: { conversation: { bot_id: string } } } }[]>`
    select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
    where t.identifier = 'app_event' and j.payload->>'organizationId' = ${tenant.id}
      and j.payload->'payload'->'conversation'->>'bot_id' = ${botId}`;
  return rows.map((r) => r.payload.event);
}

describe("bots made from flow templates", () => {
  it("get every template's flow and greeting, with no problem, and publish", async () => {
    for (const template of botFlowTemplates) {
      const bot = await botFrom(template.key, `From ${template.key}`);
      const flow = await withUser(tenant.members.viewer, (tx) => getBotFlow(tx, tenant.id, bot.id), sql);
      expect(flow.problems, template.key).toEqual([]);
      expect(flow.published_definition, template.key).toEqual(template.flow());
      if (template.greeting) expect(bot.greeting).toBe(template.greeting);
    }
  });

  it("refuses a template that does not exist", async () => {
    await expect(
      withUser(
        tenant.members.owner,
        (tx) => createBot(tx, tenant.id, { name: "X" }, { template: "nope" }),
        sql,
      ),
    ).rejects.toMatchObject({ code: "validation_failed" });
  });

  it("FAQ + lead capture: an unanswered question becomes a named lead and a workflow event", async () => {
    const bot = await botFrom("faq-lead-capture");
    const { said, session, contact } = await converse(bot, [
      "Do you fix skylights?",
      "ana@example.com",
      "Ana",
    ]);
    expect(said[0]).toEqual(["Hi! Ask me anything about our services, prices or hours."]);
    expect(said[1]!.at(-1)).toMatch(/Leave your email and our team will follow up, or ask me something else/);
    expect(said[2]).toEqual(["Thanks! And your first name, so we know who to ask for?"]);
    expect(said[3]!.at(-1)).toMatch(/^Got it, Ana! Someone from our team will email you soon/);
    expect(session.goal_reached).toBe(true);
    expect(contact).toMatchObject({ email: "ana@example.com", first_name: "Ana" });
    expect(contact!.tags).toEqual(expect.arrayContaining(["chatbot", "faq-lead"]));
    expect(await workflowEvents(bot.id)).toContain("conversation.started");
  });

  it("appointment request: service, time, name and phone, confirmed back", async () => {
    const bot = await botFrom("appointment-request");
    const { said, session, contact } = await converse(bot, ["2", "Tuesday morning", "Ana", "(555) 010-1234"]);
    expect(said[0]!.at(-1)).toBe("What would you like to book?");
    expect(said[4]!.at(-1)).toBe(
      "Thanks, Ana! We'll text 5550101234 to confirm your Estimate (Tuesday morning).",
    );
    expect(session.goal_reached).toBe(true);
    expect(contact).toMatchObject({ phone: "5550101234", first_name: "Ana" });
    expect(contact!.tags).toContain("appointment-request");
  });

  it("qualify a lead: a ready buyer leaves an email, a researcher gets answers instead", async () => {
    const bot = await botFrom("qualify-lead");
    const ready = await converse(bot, ["A new roof", "$5,000 to $20,000", "This month", "bo@example.com"]);
    expect(ready.session.goal_reached).toBe(true);
    expect(ready.contact).toMatchObject({ email: "bo@example.com" });
    expect(ready.contact!.tags).toContain("qualified-lead");
    const browsing = await converse(bot, ["Just looking", "1", "Just researching"]);
    expect(browsing.said[3]).toEqual(["No rush! Ask me anything in the meantime."]);
    expect(browsing.session.goal_reached).toBe(false);
    expect(browsing.contact).toBeUndefined();
  });

  it("after-hours hand-off: the unanswered question goes to the team's inbox with an email", async () => {
    const bot = await botFrom("after-hours-handoff");
    const { said, session, contact } = await converse(bot, [
      "Can I pay in installments?",
      "Yes, please",
      "cy@example.com",
    ]);
    expect(said[1]!.at(-1)).toMatch(/Shall I pass it to our team/);
    expect(said[3]!.at(-1)).toMatch(/passed your question to the team/);
    expect(session).toMatchObject({ status: "handed_off", goal_reached: true });
    expect(contact!.tags).toContain("after-hours");
  });

  it("quote request: the job, its details and three ways to reach the customer", async () => {
    const bot = await botFrom("quote-request");
    const { said, session, contact } = await converse(bot, [
      "Repair",
      "Leaking gutter on a two-storey house",
      "Di",
      "di@example.com",
      "+1 555 010 9876",
    ]);
    expect(said[5]!.at(-1)).toBe("Thanks, Di! We'll email your Repair quote to di@example.com soon.");
    expect(session.goal_reached).toBe(true);
    expect(contact).toMatchObject({ email: "di@example.com", phone: "+15550109876", first_name: "Di" });
    expect(await workflowEvents(bot.id)).toContain("conversation.started");
  });
});
