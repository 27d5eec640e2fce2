import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { withServiceRoleBypassingRls, withUser, type Sql, type UserClaims } from "@/lib/db/client";
import { decryptCredentials } from "@/lib/integrations/crypto";
import * as integrations from "@/lib/integrations/integrations";
import { readCredentials, writeCredentials, type ConnectInput } from "@/lib/integrations/integrations";
import { testSql } from "@/tests/support/db";
import {
  createTenant,
  deleteTenants,
  ROLES,
  tryAsAnon,
  tryAsUser,
  type TestTenant,
} from "@/tests/support/tenants";

// Each call in one transaction as the member, as the action or page that makes it opens.
const connectGhlIntegration = (claims: UserClaims, organizationId: string, input: ConnectInput) =>
  withUser(claims, (tx) =>
    integrations.connectGhlIntegration(tx, organizationId, { ...input, connectedBy: claims.sub }),
  );
const listIntegrations = (claims: UserClaims, organizationId: string) =>
  withUser(claims, (tx) => integrations.listIntegrations(tx, organizationId));

/**
 * Integration credentials at rest: encrypted by the app (the column holds ciphertext bound to its
 * row), and the column itself out of reach of every role a request can take, through any query
 * shape; webhook events and integrations kept per organization.
 */

// The lib functions under test use the app's pool: point it at this tier's database.
process.env.DATABASE_URL = inject("databaseUrl");

let sql: Sql;
let a: TestTenant;
let b: TestTenant;
let integrationA: string;
const TOKEN = `pit-${randomUUID()}`;

beforeAll(async () => {
  sql = testSql();
  a = await createTenant(sql, "Integrations A", { plan: "enterprise" });
  b = await createTenant(sql, "Integrations B", { plan: "enterprise" });
  ({ id: integrationA } = await connectGhlIntegration(a.members.owner, a.id, {
    name: "A's location",
    locationId: `locA${randomUUID().slice(0, 8)}`,
    currency: "USD",
    saleSources: ["invoice"],
    credentials: { kind: "private_token", token: TOKEN },
  }));
});
afterAll(async () => {
  await deleteTenants(sql, [a, b]);
  await sql.end();
});

const denied = (outcome: { ok: boolean; error?: { code?: string } }) =>
  !outcome.ok && outcome.error?.code === "42501";

describe("integration credentials", () => {
  it("are stored encrypted, bound to their organization and row", async () => {
    const [row] =
      await sql`select credentials_ciphertext, credentials_hint from integrations where id = ${integrationA}`;
    const stored = row!.credentials_ciphertext as string;
    expect(stored).toMatch(/^v1:[^:]+:[^:]+:[^:]+$/);
    expect(stored).not.toContain(TOKEN);
    expect(row!.credentials_hint).toBe(`${TOKEN.slice(0, 4)}…${TOKEN.slice(-4)}`);
    expect(decryptCredentials(stored, { organizationId: a.id, integrationId: integrationA })).toEqual({
      kind: "private_token",
      token: TOKEN,
    });
    // Copied onto another organization's row, the ciphertext does not decrypt.
    expect(() => decryptCredentials(stored, { organizationId: b.id, integrationId: integrationA })).toThrow(
      /cannot be decrypted/,
    );
    expect(() => decryptCredentials(stored, { organizationId: a.id, integrationId: randomUUID() })).toThrow();
    // The service path reads them.
    const creds = await withServiceRoleBypassingRls(
      (tx) => readCredentials(tx, { id: integrationA, organizationId: a.id }),
      sql,
    );
    expect(creds).toEqual({ kind: "private_token", token: TOKEN });
  });

  it("cannot be read by any member role, through any query shape", async () => {
    for (const role of ROLES) {
      const claims = a.members[role];
      for (const query of [
        (tx: Parameters<Parameters<typeof tryAsUser>[2]>[0]) =>
          tx`select credentials_ciphertext from integrations where id = ${integrationA}`,
        (tx: Parameters<Parameters<typeof tryAsUser>[2]>[0]) =>
          tx`select * from integrations where id = ${integrationA}`,
        (tx: Parameters<Parameters<typeof tryAsUser>[2]>[0]) =>
          tx`select to_jsonb(i) from integrations i where id = ${integrationA}`,
        (tx: Parameters<Parameters<typeof tryAsUser>[2]>[0]) =>
          tx`select id from integrations where id = ${integrationA} and credentials_ciphertext like 'v1:%'`,
        (tx: Parameters<Parameters<typeof tryAsUser>[2]>[0]) =>
          tx`update integrations set name = name where id = ${integrationA} returning credentials_ciphertext`,
      ]) {
        expect(denied(await tryAsUser(sql, claims, query)), `${role}`).toBe(true);
      }
    }
    expect(denied(await tryAsAnon(sql, (tx) => tx`select credentials_ciphertext from integrations`))).toBe(
      true,
    );
  });

  it("lets members with integrations:read see everything else, and the list never carries the ciphertext", async () => {
    const seen = await tryAsUser(
      sql,
      a.members.viewer,
      (tx) => tx`select id, name, credentials_hint from integrations where id = ${integrationA}`,
    );
    // Viewers do not hold integrations:read by default.
    expect(seen).toEqual({ ok: true, value: [] });
    const list = await listIntegrations(a.members.administrator, a.id);
    const mine = list.find((i) => i.id === integrationA)!;
    expect(mine).toMatchObject({
      name: "A's location",
      credentials_hint: expect.stringContaining("…"),
      status: "active",
    });
    expect(JSON.stringify(list)).not.toContain("v1:");
    expect(Object.keys(mine)).not.toContain("credentials_ciphertext");
  });

  it("are redacted in the audit log", async () => {
    const [log] =
      await sql`select changes from audit_logs where resource_type = 'integrations' and resource_id = ${integrationA}
                            and action = 'insert'`;
    expect(JSON.stringify(log!.changes)).not.toContain("v1:");
    expect((log!.changes as Record<string, { after: unknown }>).credentials_ciphertext!.after).toBe(
      "[redacted]",
    );
  });

  it("leave an audit row, without the secret, when a member reconnects with new ones", async () => {
    const [integration] = await sql`select name, location_id from integrations where id = ${integrationA}`;
    const auditRows = () =>
      sql`select actor_id, changes from audit_logs
          where resource_type = 'integrations' and resource_id = ${integrationA} and action = 'update'`;
    const before = (await auditRows()).length;
    const newToken = `pit-${randomUUID()}`;
    await connectGhlIntegration(a.members.administrator, a.id, {
      name: integration!.name as string,
      locationId: integration!.location_id as string,
      currency: "USD",
      saleSources: ["invoice"],
      credentials: { kind: "private_token", token: newToken },
    });
    const rows = await auditRows();
    expect(rows).toHaveLength(before + 1);
    const last = rows.at(-1)!;
    expect(last.actor_id).toBe(a.members.administrator.sub);
    expect(Object.keys(last.changes as object)).toEqual(expect.arrayContaining(["connected_at"]));
    expect(JSON.stringify(last.changes)).not.toContain("v1:");
    expect(JSON.stringify(last.changes)).not.toContain(newToken);
    // A token rotated on the service path (no member) is bookkeeping: no audit row.
    await withServiceRoleBypassingRls(
      (tx) =>
        writeCredentials(
          tx,
          { id: integrationA, organizationId: a.id },
          { kind: "private_token", token: TOKEN },
        ),
      sql,
    );
    expect(await auditRows()).toHaveLength(before + 1);
  });

  it("can be replaced by a member who may update (write-only), not read back", async () => {
    const replaced = await tryAsUser(
      sql,
      a.members.administrator,
      (tx) =>
        tx`update integrations set credentials_ciphertext = 'v1:a:b:c' where id = ${integrationA} returning id`,
    );
    expect(replaced).toMatchObject({ ok: true, value: [{ id: integrationA }] });
    const bySales = await tryAsUser(
      sql,
      a.members.sales,
      (tx) =>
        tx`update integrations set credentials_ciphertext = 'v1:a:b:c' where id = ${integrationA} returning id`,
    );
    expect(bySales).toEqual({ ok: true, value: [] });
  });
});

describe("organization isolation", () => {
  it("shows B nothing of A's integrations or webhook events, even to B's owner", async () => {
    await sql`insert into webhook_events (organization_id, integration_id, webhook_id, event_type, raw_body, signature, status)
              values (${a.id}, ${integrationA}, ${`wh-${randomUUID()}`}, 'InvoicePaid', '{}', 'ed25519', 'processed')`;
    for (const query of [
      `select id from integrations where organization_id = '${a.id}'`,
      `select id from webhook_events where organization_id = '${a.id}'`,
      `select id from webhook_events where integration_id = '${integrationA}'`,
    ]) {
      expect(await tryAsUser(sql, b.members.owner, (tx) => tx.unsafe(query))).toEqual({
        ok: true,
        value: [],
      });
    }
    const mine = await tryAsUser(
      sql,
      a.members.owner,
      (tx) => tx`select id from webhook_events where integration_id = ${integrationA}`,
    );
    expect(mine.ok && (mine.value as unknown[]).length).toBeGreaterThan(0);
  });

  it("refuses a webhook event filed under another organization than its integration's", async () => {
    const outcome = await tryAsUser(sql, b.members.owner, async (tx) => {
      await tx`set local role postgres`;
      return tx`insert into webhook_events (organization_id, integration_id, webhook_id, raw_body, signature)
                values (${b.id}, ${integrationA}, 'x', '{}', 'ed25519') returning id`;
    });
    expect(outcome).toMatchObject({ ok: false, error: { code: "23503" } });
  });

  it("never lets members write the webhook inbox", async () => {
    for (const role of ["owner", "administrator"] as const) {
      const insert = await tryAsUser(
        sql,
        a.members[role],
        (
          tx,
        ) => tx`insert into webhook_events (organization_id, integration_id, webhook_id, raw_body, signature)
                   values (${a.id}, ${integrationA}, ${`forged-${randomUUID()}`}, '{}', 'ed25519') returning id`,
      );
      expect(denied(insert)).toBe(true);
      const update = await tryAsUser(
        sql,
        a.members[role],
        (tx) =>
          tx`update webhook_events set status = 'received' where integration_id = ${integrationA} returning id`,
      );
      expect(denied(update)).toBe(true);
    }
  });

  it("refuses connecting a location for another organization", async () => {
    await expect(
      connectGhlIntegration(a.members.owner, b.id, {
        name: "Sneaky",
        locationId: "locSneaky",
        currency: "USD",
        saleSources: ["invoice"],
        credentials: { kind: "private_token", token: "pit-x" },
      }),
    ).rejects.toMatchObject({ code: "42501" });
  });
});
