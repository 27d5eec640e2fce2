/**
 * Data the engine benchmarks make on their scratch database (as its owner): an organization with a
 * big monthly quota, and a published workflow from a chain of nodes.
 */
import { randomUUID } from "node:crypto";
import type postgres from "postgres";

type Sql = postgres.Sql;

/** A user and the personal organization made for them at sign-up, with room for millions of runs. */
export async function benchOrganization(sql: Sql, label = "bench"): Promise<string> {
  const userId = randomUUID();
  await sql`insert into auth.users (id, aud, role, email, encrypted_password, created_at, updated_at)
            values (${userId}, 'authenticated', 'authenticated', ${`${label}-${userId.slice(0, 8)}@example.test`}, '', now(), now())`;
  const [org] = await sql<{ id: string }[]>`select id from organizations where created_by = ${userId}`;
  await sql`update organizations set max_executions_per_month = 10000000 where id = ${org!.id}`;
  return org!.id;
}

export type ChainNode = { id: string; type: string; config?: Record<string, unknown>; handle?: string };

/**
 * Publishes a workflow whose nodes run one after another (`handle`: the output handle a node
 * leaves by, "out" unless said). The first node is its trigger. Returns the workflow's id.
 */
export async function publishChain(sql: Sql, organizationId: string, chain: ChainNode[]): Promise<string> {
  const def = {
    nodes: chain.map((n, i) => ({
      id: n.id,
      type: n.type,
      position: { x: i * 200, y: 0 },
      data: { config: n.config ?? {} },
    })),
    edges: chain.slice(1).map((n, i) => ({
      id: `e${i}`,
      source: chain[i]!.id,
      sourceHandle: chain[i]!.handle ?? "out",
      target: n.id,
      targetHandle: "in",
    })),
    viewport: { x: 0, y: 0, zoom: 1 },
  };
  const trigger = chain[0]!;
  const [w] = await sql<{ id: string }[]>`
    insert into workflows (organization_id, name, definition) values (${organizationId}, 'Bench', ${sql.json(def as never)})
    returning id`;
  const [v] = await sql<{ id: string }[]>`
    insert into workflow_versions (organization_id, workflow_id, version, definition)
    values (${organizationId}, ${w!.id}, 1, ${sql.json(def as never)}) returning id`;
  await sql`update workflows set status = 'active', published_version_id = ${v!.id}, published_at = now(),
                   trigger_type = ${trigger.type}, trigger_config = ${sql.json((trigger.config ?? {}) as never)}
            where id = ${w!.id}`;
  return w!.id;
}
