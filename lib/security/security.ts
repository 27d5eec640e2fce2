import "server-only";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { newRecoveryCodes, recoveryCodeHash } from "./recovery-codes";

/** Writes about the caller's own account security, in the caller's transaction (auth.uid()). */

/** A new set of recovery codes for the caller (who has a verified factor); the plain codes, once. */
export async function replaceRecoveryCodes(tx: Tx): Promise<string[]> {
  const codes = newRecoveryCodes();
  await tx`select private.replace_recovery_codes(${codes.map(recoveryCodeHash)}::text[])`;
  return codes;
}

/** Spends one of the caller's recovery codes; refuses a wrong or already used one. */
export async function useRecoveryCode(tx: Tx, code: string): Promise<void> {
  const [row] = await tx<
    { used: boolean }[]
  >`select private.use_recovery_code(${recoveryCodeHash(code)}) as used`;
  if (!row?.used) {
    throw new AppError("unauthenticated", "That recovery code isn't valid or has already been used.", {
      code: ["That recovery code isn't valid or has already been used."],
    });
  }
}

/** Drops the caller's recovery codes once no verified factor is left. */
export async function clearRecoveryCodes(tx: Tx): Promise<void> {
  await tx`select private.clear_recovery_codes()`;
}
