import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgent, updateAgent } from "@/lib/agents/agents";
import type { AgentFields } from "@/lib/agents/schemas";
import { withUser, type Sql } from "@/lib/db/client";
import { createWorkflow, definition } from "@/tests/support/engine";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, fixtureId, tryAsUser, type TestTenant } from "@/tests/support/tenants";

/**
 * Red team: an agent's start-a-workflow tool starts a workflow for real (its emails, HTTP calls,
 * GoHighLevel writes) with the input the model gives. Saving an agent took agents:create/update
 * only, which bot trainers hold by default while they may not run workflows (no executions:create):
 * a bot trainer gave an agent that tool and ran any workflow of the organization from the
 * playground. Giving an agent a workflow to start now asks for executions:create too.
 */

let sql: Sql;
let t: TestTenant;
let workflowId: string;

const fields = (tools: AgentFields["tools"], instructions = "Help."): AgentFields => ({
  name: `Helper ${Math.random().toString(36).slice(2, 8)}`,
  description: "",
  instructions,
  model: "",
  provider: "",
  temperature: 0.2,
  output_schema: null,
  tools,
});

beforeAll(async () => {
  sql = testSql();
  t = await createTenant(sql, "Agent tools", { plan: "enterprise" });
  workflowId = fixtureId(t, "workflow");
});
afterAll(async () => {
  await deleteTenants(sql, [t]);
  await sql.end();
});

describe("an agent's start-a-workflow tool", () => {
  it("a bot trainer cannot give an agent a workflow to start", async () => {
    const outcome = await tryAsUser(sql, t.members.bot_trainer, (tx) =>
      createAgent(tx, t.id, fields([{ type: "start_workflow", workflow_id: workflowId }]), null),
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? "" : outcome.error.message).toMatch(/executions:create/);
  });

  it("an administrator can; a bot trainer then edits the agent but adds no workflow to it", async () => {
    const agent = await withUser(
      t.members.administrator,
      (tx) => createAgent(tx, t.id, fields([{ type: "start_workflow", workflow_id: workflowId }]), null),
      sql,
    );
    const reworded = await tryAsUser(sql, t.members.bot_trainer, (tx) =>
      updateAgent(tx, t.id, {
        ...fields([{ type: "start_workflow", workflow_id: workflowId }], "Help politely."),
        id: agent.id,
      }),
    );
    expect(reworded.ok).toBe(true);
    const other = await createWorkflow(sql, t.id, definition([{ id: "manual_1", type: "manual" }], []));
    const retargeted = await tryAsUser(sql, t.members.bot_trainer, (tx) =>
      updateAgent(tx, t.id, { ...fields([{ type: "start_workflow", workflow_id: other }]), id: agent.id }),
    );
    expect(retargeted.ok).toBe(false);
  });
});
