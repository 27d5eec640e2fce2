import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as reply from "@/app/api/v1/conversations/[id]/messages/route";
import * as cancel from "@/app/api/v1/executions/[id]/cancel/route";
import * as rerun from "@/app/api/v1/executions/[id]/rerun/route";
import * as invitation from "@/app/api/v1/invitations/[id]/route";
import * as invitations from "@/app/api/v1/invitations/route";
import * as document from "@/app/api/v1/knowledge_documents/[id]/route";
import * as documents from "@/app/api/v1/knowledge_documents/route";
import * as markRead from "@/app/api/v1/notifications/[id]/read/route";
import * as organization from "@/app/api/v1/organization/route";
import * as teamMember from "@/app/api/v1/team_members/[id]/route";
import * as teamMembers from "@/app/api/v1/team_members/route";
import * as archive from "@/app/api/v1/workflows/[id]/archive/route";
import * as publish from "@/app/api/v1/workflows/[id]/publish/route";
import * as workflow from "@/app/api/v1/workflows/[id]/route";
import * as runs from "@/app/api/v1/workflows/[id]/runs/route";
import * as workflows from "@/app/api/v1/workflows/route";
import type { Sql } from "@/lib/db/client";
import { apiKeyFor, callApi } from "@/tests/support/api";
import { testSql } from "@/tests/support/db";
import { definition } from "@/tests/support/engine";
import { createTenant, deleteTenants, fixtureId, type TestTenant } from "@/tests/support/tenants";

/** The writes of /api/v1, through the route handlers with a key, as the key's creator under RLS. */

describe("API v1 writes", () => {
  let sql: Sql;
  let a: TestTenant;
  let key: string;

  beforeAll(async () => {
    sql = testSql();
    a = await createTenant(sql, "Writes");
    key = await apiKeyFor(a.members.owner, a.id, [
      "organizations:read",
      "organizations:update",
      "workflows:read",
      "workflows:create",
      "workflows:update",
      "executions:read",
      "executions:create",
      "executions:update",
      "team_members:read",
      "team_members:create",
      "team_members:update",
      "team_members:delete",
      "members:read",
      "members:create",
      "members:update",
      "bots:read",
      "bots:create",
      "bots:delete",
      "conversations:read",
      "conversations:create",
      "conversations:update",
    ]);
  });
  afterAll(async () => {
    await deleteTenants(sql, [a]);
    await sql.end();
  });

  it("renames the organization", async () => {
    const res = await callApi(organization.PATCH, "PATCH", "/api/v1/organization", {
      key,
      body: { name: "Renamed by API" },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: a.id, name: "Renamed by API", slug: a.slug });
  });

  it("creates a workflow, changes its draft, publishes, runs, cancels, reruns and archives it", async () => {
    const created = await callApi(workflows.POST, "POST", "/api/v1/workflows", {
      key,
      body: { name: "API flow" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "API flow", status: "draft", node_count: 0 });
    const id = created.body.id as string;
    const def = definition([{ id: "manual_1", type: "manual" }], []);
    const updated = await callApi(workflow.PATCH, "PATCH", `/api/v1/workflows/${id}`, {
      key,
      params: { id },
      body: { definition: def, description: "From the API", expected_version: created.body.version },
    });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body).toMatchObject({ description: "From the API", node_count: 1 });
    const stale = await callApi(workflow.PATCH, "PATCH", `/api/v1/workflows/${id}`, {
      key,
      params: { id },
      body: { name: "Stale", expected_version: created.body.version },
    });
    expect(stale.status).toBe(409);
    const published = await callApi(publish.POST, "POST", `/api/v1/workflows/${id}/publish`, {
      key,
      params: { id },
      body: { note: "v1" },
    });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(published.body).toMatchObject({ status: "active", published_version: 1 });
    const run = await callApi(runs.POST, "POST", `/api/v1/workflows/${id}/runs`, {
      key,
      params: { id },
      body: {},
    });
    expect(run.status).toBe(202);
    const runId = run.body.execution_id as string;
    const cancelled = await callApi(cancel.POST, "POST", `/api/v1/executions/${runId}/cancel`, {
      key,
      params: { id: runId },
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body).toMatchObject({ id: runId, status: "cancelled" });
    const again = await callApi(rerun.POST, "POST", `/api/v1/executions/${runId}/rerun`, {
      key,
      params: { id: runId },
      body: {},
    });
    expect(again.status, JSON.stringify(again.body)).toBe(202);
    expect(again.body.execution_id).not.toBe(runId);
    const archived = await callApi(archive.POST, "POST", `/api/v1/workflows/${id}/archive`, {
      key,
      params: { id },
    });
    expect(archived.body).toMatchObject({ status: "archived" });
  });

  it("adds, changes and deletes a team member", async () => {
    const created = await callApi(teamMembers.POST, "POST", "/api/v1/team_members", {
      key,
      body: { full_name: "Rita Rep", external_id: "ghl-rita", commission_rate: 12.5 },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      full_name: "Rita Rep",
      commission_rate: 12.5,
      member_type: "sales",
    });
    const id = created.body.id as string;
    const patched = await callApi(teamMember.PATCH, "PATCH", `/api/v1/team_members/${id}`, {
      key,
      params: { id },
      body: { commission_rate: 15 },
    });
    expect(patched.body).toMatchObject({
      full_name: "Rita Rep",
      external_id: "ghl-rita",
      commission_rate: 15,
    });
    const dup = await callApi(teamMembers.POST, "POST", "/api/v1/team_members", {
      key,
      body: { full_name: "Other", external_id: "ghl-rita" },
    });
    expect(dup.status).toBe(409);
    const deleted = await callApi(teamMember.DELETE, "DELETE", `/api/v1/team_members/${id}`, {
      key,
      params: { id },
    });
    expect(deleted.body).toEqual({ id, deleted: true });
  });

  it("invites someone and revokes the invitation", async () => {
    // A key invites as a role only when it holds the role's permissions (it is never an owner).
    const narrow = await callApi(invitations.POST, "POST", "/api/v1/invitations", {
      key,
      body: { email: "New.Person@example.test", role: "sales" },
    });
    expect(narrow.status).toBe(403);
    const [sales] = await sql<{ permissions: string[] }[]>`
      select array_agg(resource || ':' || action) as permissions from role_permission_defaults where role = 'sales'`;
    const inviter = await apiKeyFor(a.members.owner, a.id, [
      ...sales!.permissions,
      "members:create",
      "members:update",
    ]);
    const created = await callApi(invitations.POST, "POST", "/api/v1/invitations", {
      key: inviter,
      body: { email: "New.Person@example.test", role: "sales" },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      email: "new.person@example.test",
      role: "sales",
      status: "pending",
    });
    const id = created.body.id as string;
    const revoked = await callApi(invitation.DELETE, "DELETE", `/api/v1/invitations/${id}`, {
      key,
      params: { id },
    });
    expect(revoked.body).toEqual({ id, deleted: true });
    const [row] = await sql`select revoked_at from invitations where id = ${id}`;
    expect(row!.revoked_at).not.toBeNull();
  });

  it("adds a knowledge document from text and deletes it", async () => {
    const created = await callApi(documents.POST, "POST", "/api/v1/knowledge_documents", {
      key,
      body: { bot_id: fixtureId(a, "bot"), title: "Opening hours", text: "We open at nine." },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ title: "Opening hours", source: "text", status: "pending" });
    const id = created.body.id as string;
    const deleted = await callApi(document.DELETE, "DELETE", `/api/v1/knowledge_documents/${id}`, {
      key,
      params: { id },
    });
    expect(deleted.body).toEqual({ id, deleted: true });
  });

  it("answers a conversation as a member of the team", async () => {
    const id = fixtureId(a, "conversation_session");
    const res = await callApi(reply.POST, "POST", `/api/v1/conversations/${id}/messages`, {
      key,
      params: { id },
      body: { text: "Hi, this is Ana from the team." },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ role: "agent", content: "Hi, this is Ana from the team." });
    const [session] = await sql`select status from conversation_sessions where id = ${id}`;
    expect(session!.status).toBe("handed_off");
  });

  it("marks the creator's notification read", async () => {
    const [n] = await sql<{ id: string }[]>`
      insert into notifications (organization_id, recipient_user_id, title) values (${a.id}, ${a.members.owner.sub}, 'Hi')
      returning id`;
    const res = await callApi(markRead.POST, "POST", `/api/v1/notifications/${n!.id}/read`, {
      key,
      params: { id: n!.id },
    });
    expect(res.status).toBe(200);
    expect(res.body.read_at).not.toBeNull();
  });
});
