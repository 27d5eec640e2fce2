import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withServiceRoleBypassingRls, withUser, type Sql, type Tx } from "@/lib/db/client";
import { asServiceRoleBypassingRls } from "@/lib/db/service-role";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/**
 * asServiceRoleBypassingRls lifts a user transaction to service_role for one step and always puts
 * the user back: after work returns, and after it throws (the caller may catch and go on in the
 * same transaction, which must then be the user's again).
 */

let sql: Sql;
let tenant: TestTenant;

beforeAll(async () => {
  sql = testSql(2);
  tenant = await createTenant(sql, "Service role");
});
afterAll(async () => {
  await deleteTenants(sql, [tenant]);
  await sql.end();
});

const whoAmI = async (tx: Tx) => {
  const [row] = await tx<{ role: string; uid: string | null; claimedRole: string | null }[]>`
    select current_user::text as role, auth.uid()::text as uid,
           current_setting('request.jwt.claims', true)::jsonb ->> 'role' as "claimedRole"`;
  return row!;
};

describe("asServiceRoleBypassingRls", () => {
  it("runs work as service_role with the user's claims kept, then restores the user", async () => {
    const viewer = tenant.members.viewer;
    const seen = await withUser(
      viewer,
      async (tx) => {
        const inside = await asServiceRoleBypassingRls(tx, () => whoAmI(tx));
        return { inside, after: await whoAmI(tx) };
      },
      sql,
    );
    expect(seen.inside).toEqual({ role: "service_role", uid: viewer.sub, claimedRole: "service_role" });
    expect(seen.after).toEqual({ role: "authenticated", uid: viewer.sub, claimedRole: "authenticated" });
  });

  it("restores the user when work throws, so the rest of the transaction runs under RLS again", async () => {
    const viewer = tenant.members.viewer;
    const after = await withUser(
      viewer,
      async (tx) => {
        await expect(
          asServiceRoleBypassingRls(tx, async () => {
            await whoAmI(tx);
            throw new Error("a check in work failed");
          }),
        ).rejects.toThrow("a check in work failed");
        return whoAmI(tx);
      },
      sql,
    );
    expect(after).toEqual({ role: "authenticated", uid: viewer.sub, claimedRole: "authenticated" });
  });

  it("keeps the error of a failed statement in work (the aborted transaction cannot restore)", async () => {
    await expect(
      withUser(tenant.members.viewer, (tx) => asServiceRoleBypassingRls(tx, () => tx`select 1 / 0`), sql),
    ).rejects.toThrow(/division by zero/);
  });

  it("just runs work on a transaction that is already the service role's", async () => {
    const inside = await withServiceRoleBypassingRls(
      (tx) => asServiceRoleBypassingRls(tx, () => whoAmI(tx)),
      sql,
    );
    expect(inside.role).toBe("service_role");
  });
});
