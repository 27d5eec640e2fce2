import * as botOne from "@/app/api/v1/bots/[id]/route";
import * as bots from "@/app/api/v1/bots/route";
import * as contact from "@/app/api/v1/contacts/[id]/route";
import * as contacts from "@/app/api/v1/contacts/route";
import * as reply from "@/app/api/v1/conversations/[id]/messages/route";
import * as conversation from "@/app/api/v1/conversations/[id]/route";
import * as conversations from "@/app/api/v1/conversations/route";
import * as cancel from "@/app/api/v1/executions/[id]/cancel/route";
import * as rerun from "@/app/api/v1/executions/[id]/rerun/route";
import * as execution from "@/app/api/v1/executions/[id]/route";
import * as executions from "@/app/api/v1/executions/route";
import * as invitation from "@/app/api/v1/invitations/[id]/route";
import * as invitations from "@/app/api/v1/invitations/route";
import * as documentOne from "@/app/api/v1/knowledge_documents/[id]/route";
import * as documents from "@/app/api/v1/knowledge_documents/route";
import * as member from "@/app/api/v1/members/[id]/route";
import * as members from "@/app/api/v1/members/route";
import * as teamMember from "@/app/api/v1/team_members/[id]/route";
import * as teamMembers from "@/app/api/v1/team_members/route";
import * as archive from "@/app/api/v1/workflows/[id]/archive/route";
import * as publish from "@/app/api/v1/workflows/[id]/publish/route";
import * as workflow from "@/app/api/v1/workflows/[id]/route";
import * as runs from "@/app/api/v1/workflows/[id]/runs/route";
import * as workflows from "@/app/api/v1/workflows/route";
import type { Sql } from "@/lib/db/client";
import type { callApi } from "./api";
import { recordCases } from "./api-resources-records";
import { definition } from "./engine";
import { firstRow, HASH, membershipOf } from "./api-resource-rows";
import { fixtureId, type TestTenant } from "./tenants";

/**
 * Every collection of /api/v1, one row each, for the table-driven suite
 * (tests/int/api-v1-resources.int.test.ts), which runs the same five checks on every row: CRUD
 * through HTTP with a key, 403 without the permission, 404 for another organization's ids,
 * Idempotency-Key replays, and a walk of 250 items. A new collection is a new row here.
 */

export type Handler = Parameters<typeof callApi>[0];
type Body = Record<string, unknown>;

export type Write = {
  handler: Handler;
  /** "resource:action" the write needs. */
  permission: string;
  body?: (t: TestTenant) => Body;
  /** What the answer holds after the write. */
  expect?: Body;
  status?: number;
};

/** A POST on one item: `/api/v1/<name>/{id}/<path>`. */
export type Action = Write & { path: string };

export type ResourceCase = {
  name: string;
  /** The table the list walks, and which of its rows the list shows. */
  table: string;
  where?: (t: TestTenant) => string;
  /** The permission the list and read need; `alsoGrant`: those a full key needs besides. */
  permission: string;
  alsoGrant?: string[];
  list: Handler;
  get?: Handler;
  /** The tenant's own row the reads and writes of a resource without `create` aim at. */
  fixture: (sql: Sql, t: TestTenant) => string | Promise<string>;
  create?: Write;
  update?: Write;
  remove?: Write;
  actions?: Action[];
  /** Inserts `n` more rows the list shows into the tenant. */
  seed: (sql: Sql, t: TestTenant, n: number) => Promise<unknown>;
  /** Filters a walk uses, so rows the seeding writes elsewhere (audit entries) stay out. */
  walkQuery?: string;
};

const manualFlow = definition([{ id: "manual_1", type: "manual" }], []);

export function resourceCases(): ResourceCase[] {
  return [
    {
      name: "contacts",
      table: "contacts",
      permission: "contacts:read",
      list: contacts.GET,
      get: contact.GET,
      fixture: (sql, t) => firstRow(sql, "contacts", t),
      create: {
        handler: contacts.POST,
        permission: "contacts:create",
        body: () => ({ first_name: "Matrix", email: "matrix@example.test", tags: ["m"] }),
        expect: { first_name: "Matrix", source: "api" },
      },
      update: {
        handler: contact.PATCH,
        permission: "contacts:update",
        body: () => ({ last_name: "Row" }),
        expect: { first_name: "Matrix", last_name: "Row" },
      },
      remove: { handler: contact.DELETE, permission: "contacts:delete" },
      seed: (sql, t, n) => sql`
        insert into contacts (organization_id, first_name, email, source)
        select ${t.id}, 'Walk ' || i, 'walk-' || i || '@example.test', 'manual' from generate_series(1, ${n}) i`,
    },
    {
      name: "members",
      table: "organization_members",
      permission: "members:read",
      list: members.GET,
      get: member.GET,
      fixture: membershipOf,
      update: {
        handler: member.PATCH,
        permission: "members:update",
        body: () => ({ role: "sales" }),
        expect: { role: "sales" },
      },
      remove: { handler: member.DELETE, permission: "members:delete" },
      seed: async (sql, t, n) => {
        const users = await sql<{ id: string }[]>`
          insert into auth.users (id, aud, role, email, encrypted_password, email_confirmed_at, created_at, updated_at)
          select gen_random_uuid(), 'authenticated', 'authenticated', 'walk-' || i || '-' || ${t.id} || '@example.test',
                 '', now(), now(), now()
          from generate_series(1, ${n}) i returning id`;
        t.userIds.push(...users.map((u) => u.id));
        await sql`update organizations set max_users = max_users + ${n} where id = ${t.id}`;
        await sql`insert into organization_members (organization_id, user_id, role)
                  select ${t.id}, u, 'viewer' from unnest(${users.map((u) => u.id)}::uuid[]) u`;
      },
    },
    {
      name: "invitations",
      table: "invitations",
      where: () => "accepted_at is null and revoked_at is null and declined_at is null",
      permission: "members:read",
      list: invitations.GET,
      fixture: (sql, t) => firstRow(sql, "invitations", t),
      create: {
        handler: invitations.POST,
        permission: "members:create",
        body: () => ({ email: "matrix.invitee@example.test", role: "viewer" }),
        expect: { email: "matrix.invitee@example.test", status: "pending" },
      },
      remove: { handler: invitation.DELETE, permission: "members:update" },
      seed: async (sql, t, n) => {
        await sql`update organizations set max_users = max_users + ${n} where id = ${t.id}`;
        await sql`
          insert into invitations (organization_id, email, role, token_hash)
          select ${t.id}, 'walk-' || i || '@example.test', 'viewer', ${sql.unsafe(HASH)} from generate_series(1, ${n}) i`;
      },
    },
    {
      name: "team_members",
      table: "team_members",
      permission: "team_members:read",
      list: teamMembers.GET,
      get: teamMember.GET,
      fixture: (_, t) => fixtureId(t, "commission_rep"),
      create: {
        handler: teamMembers.POST,
        permission: "team_members:create",
        body: () => ({ full_name: "Matrix Rep", external_id: "ghl-matrix", commission_rate: 12.5 }),
        expect: { full_name: "Matrix Rep", commission_rate: 12.5 },
      },
      update: {
        handler: teamMember.PATCH,
        permission: "team_members:update",
        body: () => ({ commission_rate: 15 }),
        expect: { full_name: "Matrix Rep", commission_rate: 15 },
      },
      remove: { handler: teamMember.DELETE, permission: "team_members:delete" },
      seed: (sql, t, n) => sql`
        insert into team_members (organization_id, full_name, external_id, member_type)
        select ${t.id}, 'Walk ' || i, 'walk-' || i, 'sales' from generate_series(1, ${n}) i`,
    },
    {
      name: "workflows",
      table: "workflows",
      permission: "workflows:read",
      alsoGrant: ["executions:create"],
      list: workflows.GET,
      get: workflow.GET,
      fixture: (_, t) => fixtureId(t, "workflow"),
      create: {
        handler: workflows.POST,
        permission: "workflows:create",
        body: () => ({ name: "Matrix flow" }),
        expect: { name: "Matrix flow", status: "draft" },
      },
      update: {
        handler: workflow.PATCH,
        permission: "workflows:update",
        body: () => ({ definition: manualFlow, description: "Changed" }),
        expect: { description: "Changed", node_count: 1 },
      },
      actions: [
        {
          path: "publish",
          handler: publish.POST,
          permission: "workflows:update",
          body: () => ({}),
          expect: { status: "active" },
        },
        { path: "runs", handler: runs.POST, permission: "executions:create", body: () => ({}), status: 202 },
        {
          path: "archive",
          handler: archive.POST,
          permission: "workflows:update",
          expect: { status: "archived" },
        },
      ],
      seed: async (sql, t, n) => {
        await sql`update organizations set max_workflows = max_workflows + ${n} where id = ${t.id}`;
        await sql`insert into workflows (organization_id, name) select ${t.id}, 'Walk ' || i from generate_series(1, ${n}) i`;
      },
    },
    {
      name: "executions",
      table: "executions",
      permission: "executions:read",
      list: executions.GET,
      get: execution.GET,
      fixture: (_, t) => fixtureId(t, "execution"),
      actions: [
        {
          path: "rerun",
          handler: rerun.POST,
          permission: "executions:create",
          body: () => ({}),
          status: 202,
        },
        // The fixture run has finished: cancelling it is a conflict, not a change.
        { path: "cancel", handler: cancel.POST, permission: "executions:update", status: 409 },
      ],
      seed: (sql, t, n) => sql`
        insert into executions (organization_id, workflow_id, workflow_version_id, trigger_type, status)
        select ${t.id}, ${fixtureId(t, "workflow")}, ${fixtureId(t, "workflow_version")}, 'manual', 'completed'
        from generate_series(1, ${n})`,
    },
    {
      name: "bots",
      table: "bots",
      permission: "bots:read",
      list: bots.GET,
      get: botOne.GET,
      fixture: (_, t) => fixtureId(t, "bot"),
      create: {
        handler: bots.POST,
        permission: "bots:create",
        body: () => ({ name: "Matrix bot" }),
        expect: { name: "Matrix bot", status: "active" },
      },
      update: {
        handler: botOne.PATCH,
        permission: "bots:update",
        body: () => ({ status: "paused" }),
        expect: { name: "Matrix bot", status: "paused" },
      },
      remove: { handler: botOne.DELETE, permission: "bots:delete" },
      seed: async (sql, t, n) => {
        await sql`update organizations set max_bots = max_bots + ${n} where id = ${t.id}`;
        await sql`insert into bots (organization_id, name) select ${t.id}, 'Walk ' || i from generate_series(1, ${n}) i`;
      },
    },
    {
      name: "knowledge_documents",
      table: "documents",
      permission: "bots:read",
      list: documents.GET,
      fixture: (_, t) => fixtureId(t, "document"),
      create: {
        handler: documents.POST,
        permission: "bots:create",
        body: (t) => ({ bot_id: fixtureId(t, "bot"), title: "Matrix hours", text: "Open at nine." }),
        expect: { title: "Matrix hours", source: "text", status: "pending" },
      },
      remove: { handler: documentOne.DELETE, permission: "bots:delete" },
      seed: (sql, t, n) => sql`
        insert into documents (organization_id, bot_id, title, source, mime_type, status, progress, size_bytes)
        select ${t.id}, ${fixtureId(t, "bot")}, 'Walk ' || i, 'text', 'text/plain', 'ready', 100, 10
        from generate_series(1, ${n}) i`,
    },
    {
      name: "conversations",
      table: "conversation_sessions",
      where: () => "channel = 'web'",
      permission: "conversations:read",
      list: conversations.GET,
      get: conversation.GET,
      fixture: (_, t) => fixtureId(t, "conversation_session"),
      actions: [
        {
          path: "messages",
          handler: reply.POST,
          permission: "conversations:create",
          body: () => ({ text: "Hello from the matrix." }),
          status: 201,
          expect: { role: "agent", content: "Hello from the matrix." },
        },
      ],
      seed: (sql, t, n) => sql`
        insert into conversation_sessions (organization_id, bot_id, visitor_token_hash)
        select ${t.id}, ${fixtureId(t, "bot")}, ${sql.unsafe(HASH)} from generate_series(1, ${n}) i`,
    },
    ...recordCases(),
  ];
}
