import "server-only";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { trashItemRefSchema, trashItemSchema, type TrashItem, type TrashItemRef } from "./schemas";

/**
 * Moving items to the trash, bringing them back, deleting them for good: `(tx, organizationId,
 * params)` in the member's transaction; the SQL functions check `<resource>:delete` themselves
 * and answer null for an item that is not there (or not the member's to manage).
 */

export async function listTrash(tx: Tx, organizationId: string): Promise<TrashItem[]> {
  const rows = await tx`select * from public.list_trash(${organizationId})`;
  return z.array(trashItemSchema).parse(rows);
}

async function call(
  tx: Tx,
  fn: "move_to_trash" | "restore_from_trash" | "delete_from_trash",
  organizationId: string,
  params: TrashItemRef,
  missing: string,
): Promise<void> {
  const { kind, id } = trashItemRefSchema.parse(params);
  const [row] =
    fn === "move_to_trash"
      ? await tx`select public.move_to_trash(${organizationId}, ${kind}, ${id}) as id`
      : fn === "restore_from_trash"
        ? await tx`select public.restore_from_trash(${organizationId}, ${kind}, ${id}) as id`
        : await tx`select public.delete_from_trash(${organizationId}, ${kind}, ${id}) as id`;
  if (!row?.id) throw new AppError("not_found", missing);
}

/** Moves an item to the trash for 30 days. */
export function moveToTrash(tx: Tx, organizationId: string, params: TrashItemRef): Promise<void> {
  return call(tx, "move_to_trash", organizationId, params, "That item does not exist.");
}

/** Brings an item back as it was, with everything it had. */
export function restoreFromTrash(tx: Tx, organizationId: string, params: TrashItemRef): Promise<void> {
  return call(tx, "restore_from_trash", organizationId, params, "That item is not in the trash any more.");
}

/** Deletes a trashed item for good (a workflow with its versions and runs). */
export function deleteFromTrash(tx: Tx, organizationId: string, params: TrashItemRef): Promise<void> {
  return call(tx, "delete_from_trash", organizationId, params, "That item is not in the trash any more.");
}
