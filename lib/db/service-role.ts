import type { Tx } from "./client";

/**
 * DANGER: bypasses row-level security for `work`, inside the caller's user transaction. For a step
 * the system takes on a user's behalf after the caller has checked what the user asked for (the
 * commissions of a sale a sales rep entered, when that rep may not write commissions). The user's
 * claims stay in `request.jwt.claims` (with the role `service_role`), so the audit log still names
 * them. The role and claims are restored when `work` ends, whether it returns or throws. On a
 * transaction that is not the user's (already `service_role`, the worker) `work` just runs.
 */
export async function asServiceRoleBypassingRls<T>(tx: Tx, work: () => Promise<T>): Promise<T> {
  const [s] = await tx<{ role: string | null; claims: string | null }[]>`
    select current_setting('role', true) as role, current_setting('request.jwt.claims', true) as claims`;
  if (s?.role !== "authenticated") return work();
  const claims = s.claims || "{}";
  const systemClaims = JSON.stringify({ ...(JSON.parse(claims) as object), role: "service_role" });
  await tx`select set_config('role', 'service_role', true), set_config('request.jwt.claims', ${systemClaims}, true)`;
  let failed = false;
  try {
    return await work();
  } catch (e) {
    failed = true;
    throw e;
  } finally {
    const restore = tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${claims}, true)`;
    // After a failed statement the transaction is aborted and will roll back: the restore cannot
    // run and must not hide the error that aborted it. After success, a failed restore is an error.
    if (failed) await restore.catch(() => {});
    else await restore;
  }
}
