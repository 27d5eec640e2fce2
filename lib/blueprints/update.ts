import "server-only";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { applyItems, checkedValues, loadVersion, recordItems, type AppliedItem } from "./install";
import { currentHashes, removeItem } from "./items";
import { allItems, kindOfKey, sourceIdOfKey, type ItemKind, type ManifestItem } from "./manifest";
import { installedItemRowSchema, type InstalledItemRow } from "./schemas";
import { sourceHash } from "./hash";

/**
 * Updating an install to another version, and uninstalling it. An item is "edited" when its
 * content hash now differs from the one recorded when it was installed (or last updated); an
 * edited item is never overwritten or removed silently: it is kept and reported as a conflict,
 * unless the member chose to replace it (update) or remove it (uninstall).
 */

export const INSTALL_NOT_FOUND = "This installed blueprint does not exist here.";

export type DiffAction = "add" | "update" | "remove" | "conflict" | "unchanged";
export type DiffEntry = { key: string; kind: ItemKind; name: string; action: DiffAction; reason?: string };

const installRow = z.object({
  id: z.uuid(),
  blueprint_id: z.uuid().nullable(),
  blueprint_name: z.string(),
  version: z.string(),
  variables: z.record(z.string(), z.string()),
});

async function loadInstall(tx: Tx, organizationId: string, installId: string) {
  const [row] = await tx`
    select id, blueprint_id, blueprint_name, version, variables from public.installed_blueprints
    where id = ${installId} and organization_id = ${organizationId}`;
  if (!row) throw new AppError("not_found", INSTALL_NOT_FOUND);
  const items = z.array(installedItemRowSchema).parse(
    await tx`select manifest_key, kind, item_id, content_hash, source_hash from public.installed_blueprint_items
             where installed_blueprint_id = ${installId} and organization_id = ${organizationId} order by manifest_key`,
  );
  const hashes = await currentHashes(tx, organizationId, items);
  return { install: installRow.parse(row), items, hashes };
}

/** Names of installed items as they are here (the client may have renamed them). */
async function currentNames(tx: Tx, organizationId: string, items: InstalledItemRow[]) {
  const ids = items.map((i) => i.item_id);
  const rows = await tx`
    select id, name from public.workflows where organization_id = ${organizationId} and id = any(${ids}::uuid[])
    union all select id, name from public.bots where organization_id = ${organizationId} and id = any(${ids}::uuid[])
    union all select id, name from public.agents where organization_id = ${organizationId} and id = any(${ids}::uuid[])
    union all select id, name from public.commission_plans where organization_id = ${organizationId} and id = any(${ids}::uuid[])`;
  return new Map(
    z
      .array(z.object({ id: z.uuid(), name: z.string() }))
      .parse(rows)
      .map((r) => [r.id, r.name]),
  );
}

/** What updating to `versionId` would do, item by item. `replace`: edited items to overwrite anyway. */
export async function diffInstall(
  tx: Tx,
  organizationId: string,
  params: { installId: string; versionId: string; replace?: readonly string[] },
) {
  const { install, items, hashes } = await loadInstall(tx, organizationId, params.installId);
  const version = await loadVersion(tx, params.versionId);
  if (install.blueprint_id !== version.blueprint_id)
    throw new AppError("validation_failed", "That version belongs to another blueprint.");
  const replace = new Set(params.replace ?? []);
  const names = await currentNames(tx, organizationId, items);
  const incoming = new Map(allItems(version.manifest).map((i) => [i.key, i]));
  const entries: (DiffEntry & { row?: InstalledItemRow; item?: ManifestItem })[] = [];
  for (const row of items) {
    const now = hashes.get(row.item_id);
    const item = incoming.get(row.manifest_key);
    const name = names.get(row.item_id) ?? item?.name ?? row.manifest_key;
    const base = { key: row.manifest_key, kind: row.kind, name, row, item };
    const edited = now !== undefined && now !== row.content_hash && !replace.has(row.manifest_key);
    if (now === undefined) {
      entries.push(
        item && sourceHash(item) !== row.source_hash
          ? { ...base, action: "conflict", reason: "Deleted here: not brought back." }
          : { ...base, action: item ? "unchanged" : "remove", reason: "Deleted here." },
      );
    } else if (!item) {
      entries.push(
        edited
          ? { ...base, action: "conflict", reason: "Removed from the blueprint, but edited here: kept." }
          : { ...base, action: "remove" },
      );
    } else if (sourceHash(item) === row.source_hash) {
      entries.push({ ...base, action: "unchanged", ...(edited ? { reason: "Edited here." } : {}) });
    } else {
      entries.push(
        edited
          ? {
              ...base,
              action: "conflict",
              reason: "Changed in the blueprint and edited here: your version is kept.",
            }
          : { ...base, action: "update" },
      );
    }
  }
  const known = new Set(items.map((i) => i.manifest_key));
  for (const item of incoming.values())
    if (!known.has(item.key))
      entries.push({ key: item.key, kind: kindOfKey(item.key), name: item.name, action: "add", item });
  return { install, version, entries };
}

export function publicEntries(entries: DiffEntry[]): DiffEntry[] {
  return entries.map(({ key, kind, name, action, reason }) => ({
    key,
    kind,
    name,
    action,
    ...(reason ? { reason } : {}),
  }));
}

/** Applies the diff in one transaction and moves the install to the version. */
export async function updateInstall(
  tx: Tx,
  organizationId: string,
  params: {
    installId: string;
    versionId: string;
    variables: Record<string, string>;
    replace?: readonly string[];
  },
) {
  const { install, version, entries } = await diffInstall(tx, organizationId, params);
  const values = checkedValues(version.manifest, { ...install.variables, ...params.variables });
  const ids = new Map<string, string>();
  for (const e of entries) if (e.row) ids.set(sourceIdOfKey(e.key), e.row.item_id);
  const update: AppliedItem[] = entries
    .filter((e) => e.action === "update")
    .map((e) => ({ item: e.item!, itemId: e.row!.item_id }));
  const create = entries.filter((e) => e.action === "add").map((e) => e.item!);
  const applied = await applyItems(tx, organizationId, { values, ids, create, update });
  const gone = entries.filter((e) => e.action === "remove");
  for (const e of gone)
    if (e.reason !== "Deleted here.") await removeItem(tx, organizationId, e.row!.item_id, e.kind);
  if (gone.length)
    await tx`delete from public.installed_blueprint_items
             where installed_blueprint_id = ${install.id} and manifest_key = any(${gone.map((e) => e.key)}::text[])`;
  await recordItems(tx, organizationId, install.id, applied);
  await tx`
    update public.installed_blueprints
    set blueprint_version_id = ${version.id}, version = ${version.version}, variables = ${tx.json(values)},
        blueprint_name = ${version.blueprint_name}
    where id = ${install.id} and organization_id = ${organizationId}`;
  return { version: version.version, entries: publicEntries(entries) };
}

/** What uninstalling would remove: each item, and whether it was edited here since. */
export async function previewUninstall(tx: Tx, organizationId: string, params: { installId: string }) {
  const { install, items, hashes } = await loadInstall(tx, organizationId, params.installId);
  const names = await currentNames(tx, organizationId, items);
  return {
    install,
    items: items
      .filter((i) => hashes.has(i.item_id))
      .map((i) => ({
        key: i.manifest_key,
        kind: i.kind,
        itemId: i.item_id,
        name: names.get(i.item_id) ?? i.manifest_key,
        edited: hashes.get(i.item_id) !== i.content_hash,
      })),
  };
}

/**
 * Removes what the install made and nothing else; items edited here are kept (and reported) unless
 * `edited` is "remove". Workflows go to the trash, as when deleted by hand.
 */
export async function uninstallBlueprint(
  tx: Tx,
  organizationId: string,
  params: { installId: string; edited: "keep" | "remove" },
) {
  const { items } = await previewUninstall(tx, organizationId, params);
  const kept = items.filter((i) => i.edited && params.edited === "keep");
  const removed = items.filter((i) => !(i.edited && params.edited === "keep"));
  for (const i of removed) await removeItem(tx, organizationId, i.itemId, i.kind);
  await tx`delete from public.installed_blueprints where id = ${params.installId} and organization_id = ${organizationId}`;
  return { removed: removed.length, kept: kept.map(({ key, kind, name }) => ({ key, kind, name })) };
}
