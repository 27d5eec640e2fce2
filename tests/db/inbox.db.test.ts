import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withServiceRoleBypassingRls, withUser, type Sql } from "@/lib/db/client";
import { listMessages, listSessions, sessionCounts } from "@/lib/chatbots/sessions";
import {
  addNote,
  assignConversation,
  createCannedReply,
  reopenConversation,
  snoozeConversation,
} from "@/lib/inbox/inbox";
import { listCannedReplies, listNotes } from "@/lib/inbox/queries";
import { testSql } from "@/tests/support/db";
import {
  createTenant,
  deleteTenants,
  fixtureId,
  sha256,
  tryAsUser,
  type TestTenant,
} from "@/tests/support/tenants";

/**
 * The inbox in SQL, as each role: who is told when a visitor waits for a person, assignment to
 * members only, private notes and canned replies through the permission matrix, snoozing and
 * waking, and the "mine"/"unassigned" filters. (Isolation between organizations for the new
 * tables is the catalog suite's.)
 */

let sql: Sql;
let a: TestTenant;
let b: TestTenant;

beforeAll(async () => {
  sql = testSql();
  a = await createTenant(sql, "InboxA");
  b = await createTenant(sql, "InboxB");
});
afterAll(async () => {
  await deleteTenants(sql, [a, b]);
  await sql.end();
});

async function newSession(t: TestTenant, assignee: string | null = null): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into conversation_sessions (organization_id, bot_id, visitor_token_hash, assignee_user_id, contact_info)
    values (${t.id}, ${fixtureId(t, "bot")}, ${sha256(randomUUID())}, ${assignee}, '{"name": "Rita Roofer"}')
    returning id`;
  return row!.id;
}

/** The bot's side hands the conversation over (the visitor asked for a person). */
const handOffAsVisitor = (id: string) =>
  withServiceRoleBypassingRls(
    (tx) =>
      tx`update conversation_sessions set status = 'handed_off', handed_off_at = now() where id = ${id}`,
    sql,
  );

const notified = async (sessionId: string) =>
  (
    await sql<{ recipient_user_id: string; title: string; message: string; link: string }[]>`
      select recipient_user_id, title, message, link from notifications
      where kind = 'conversation_waiting' and link like ${`%?c=${sessionId}`}`
  ).map((r) => r);

describe("a visitor waiting for a person", () => {
  it("puts a bell entry in front of everyone who may take conversations over, when nobody is assigned", async () => {
    const id = await newSession(a);
    await handOffAsVisitor(id);
    const rows = await notified(id);
    const m = a.members;
    expect(rows.map((r) => r.recipient_user_id).sort()).toEqual(
      [m.owner.sub, m.administrator.sub, m.sales.sub, m.bot_trainer.sub].sort(),
    );
    expect(rows[0]).toMatchObject({
      title: "A visitor is waiting for a person",
      message: "Rita Roofer asked to talk to the team.",
      link: `/o/${a.slug}/inbox?c=${id}`,
    });
  });

  it("tells only the assignee when the conversation is assigned", async () => {
    const id = await newSession(a, a.members.sales.sub);
    await handOffAsVisitor(id);
    expect((await notified(id)).map((r) => r.recipient_user_id)).toEqual([a.members.sales.sub]);
  });

  it("tells nobody when a member takes the conversation over", async () => {
    const id = await newSession(a);
    await withUser(
      a.members.sales,
      (tx) => tx`update conversation_sessions set status = 'handed_off' where id = ${id}`,
      sql,
    );
    expect(await notified(id)).toEqual([]);
  });
});

describe("assignment", () => {
  it("assigns to a member, and refuses someone of another organization", async () => {
    const id = await newSession(a);
    await withUser(
      a.members.administrator,
      (tx) => assignConversation(tx, a.id, id, a.members.sales.sub),
      sql,
    );
    const refused = await tryAsUser(sql, a.members.administrator, (tx) =>
      assignConversation(tx, a.id, id, b.members.owner.sub),
    );
    expect(refused).toMatchObject({ ok: false, error: { code: "validation_failed" } });
    const viewer = await tryAsUser(
      sql,
      a.members.viewer,
      (tx) =>
        tx`update conversation_sessions set assignee_user_id = ${a.members.viewer.sub} where id = ${id} returning id`,
    );
    expect(viewer).toEqual({ ok: true, value: [] });
  });

  it("filters mine and unassigned, with counts under the same filter", async () => {
    const mine = await newSession(a, a.members.sales.sub);
    await handOffAsVisitor(mine);
    const listed = await withUser(
      a.members.sales,
      (tx) => listSessions(tx, a.id, { view: "open", assignee: { mine: a.members.sales.sub } }),
      sql,
    );
    expect(listed.sessions.map((s) => s.id)).toContain(mine);
    expect(listed.sessions.every((s) => s.assignee_user_id === a.members.sales.sub)).toBe(true);
    expect(listed.sessions.find((s) => s.id === mine)?.assignee_name).toBeTruthy();
    const unassigned = await withUser(
      a.members.sales,
      (tx) => listSessions(tx, a.id, { assignee: "unassigned" }),
      sql,
    );
    expect(unassigned.sessions.map((s) => s.id)).not.toContain(mine);
    const counts = await withUser(
      a.members.sales,
      (tx) => sessionCounts(tx, a.id, { assignee: { mine: a.members.sales.sub } }),
      sql,
    );
    expect(counts.open).toBe(listed.total);
  });
});

describe("snoozing", () => {
  it("snoozes until a time and wakes when the visitor writes", async () => {
    const id = await newSession(a);
    await handOffAsVisitor(id);
    const until = new Date(Date.now() + 3_600_000);
    await withUser(a.members.sales, (tx) => snoozeConversation(tx, a.id, id, until), sql);
    const view = async (status: "open" | "snoozed") =>
      (
        await withUser(a.members.sales, (tx) => listSessions(tx, a.id, { view: status, limit: 100 }), sql)
      ).sessions.map((s) => s.id);
    expect(await view("snoozed")).toContain(id);
    expect(await view("open")).not.toContain(id);
    // The runtime moves the clock with every visitor turn.
    await withServiceRoleBypassingRls(
      (tx) =>
        tx`update conversation_sessions set last_message_at = now() + interval '1 second' where id = ${id}`,
      sql,
    );
    expect(await view("open")).toContain(id);
    await withUser(a.members.sales, (tx) => snoozeConversation(tx, a.id, id, until), sql);
    await withUser(a.members.sales, (tx) => reopenConversation(tx, a.id, id), sql);
    expect(await view("open")).toContain(id);
  });
});

describe("private notes", () => {
  it("are written by those who may reply, under their name, and never among the messages", async () => {
    const id = await newSession(a);
    await withUser(a.members.sales, (tx) => addNote(tx, a.id, id, "Called them back at 3."), sql);
    const notes = await withUser(a.members.viewer, (tx) => listNotes(tx, a.id, id), sql);
    expect(notes).toMatchObject([{ content: "Called them back at 3.", author_user_id: a.members.sales.sub }]);
    const messages = await withUser(a.members.sales, (tx) => listMessages(tx, a.id, id), sql);
    expect(messages.map((m) => m.content)).not.toContain("Called them back at 3.");
    const viewer = await tryAsUser(sql, a.members.viewer, (tx) => addNote(tx, a.id, id, "Hi"));
    expect(viewer).toMatchObject({ ok: false, error: { code: "42501" } });
    const forged = await tryAsUser(
      sql,
      a.members.sales,
      (tx) => tx`insert into conversation_notes (organization_id, session_id, content, author_user_id)
                 values (${a.id}, ${id}, 'x', ${a.members.owner.sub})`,
    );
    expect(forged).toMatchObject({ ok: false, error: { code: "42501" } });
  });
});

describe("canned replies", () => {
  it("are managed by those the matrix allows, and read by every role", async () => {
    const created = await withUser(
      a.members.bot_trainer,
      (tx) => createCannedReply(tx, a.id, { shortcut: "warranty", content: "Ten years on every roof." }),
      sql,
    );
    expect(created).toMatch(/[0-9a-f-]{36}/);
    const sales = await tryAsUser(sql, a.members.sales, (tx) =>
      createCannedReply(tx, a.id, { shortcut: "nope", content: "No." }),
    );
    expect(sales).toMatchObject({ ok: false, error: { code: "42501" } });
    const again = await tryAsUser(sql, a.members.administrator, (tx) =>
      createCannedReply(tx, a.id, { shortcut: "warranty", content: "Again" }),
    );
    expect(again).toMatchObject({
      ok: false,
      error: { code: "conflict", fields: { shortcut: ["Another canned reply has this shortcut."] } },
    });
    const read = await withUser(a.members.viewer, (tx) => listCannedReplies(tx, a.id), sql);
    expect(read.map((r) => r.shortcut)).toContain("warranty");
    expect(await withUser(b.members.owner, (tx) => listCannedReplies(tx, a.id), sql)).toEqual([]);
  });
});
