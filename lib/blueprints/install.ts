import "server-only";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { createItem, currentHashes, updateItem } from "./items";
import {
  allItems,
  kindOfKey,
  manifestSummary,
  parseManifest,
  renderItem,
  sourceIdOfKey,
  stableJson,
  type Manifest,
  type ManifestItem,
} from "./manifest";
import { checkVariableValues } from "./variables";
import { sourceHash } from "./hash";

/**
 * Installing a blueprint version into an organization, in the installing member's transaction:
 * everything it makes is made under RLS and plan limits, all or nothing, and recorded item by item
 * (manifest key, id, content hash as installed, hash of the manifest item) in
 * installed_blueprint_items, which update and uninstall go by.
 */

export const VERSION_NOT_FOUND = "This blueprint version does not exist or is not shared with you.";

const versionRow = z.object({
  id: z.uuid(),
  blueprint_id: z.uuid(),
  blueprint_name: z.string(),
  publisher_name: z.string().nullable(),
  version: z.string(),
  changelog: z.string(),
  manifest: z.unknown(),
});

export async function loadVersion(tx: Tx, versionId: string) {
  const [row] = await tx`
    select v.id, v.blueprint_id, b.name as blueprint_name, o.name as publisher_name, v.version, v.changelog, v.manifest
    from public.blueprint_versions v
    join public.blueprints b on b.id = v.blueprint_id
    left join public.organizations o on o.id = b.organization_id
    where v.id = ${versionId}`;
  if (!row) throw new AppError("not_found", VERSION_NOT_FOUND);
  const { manifest: raw, ...v } = versionRow.parse(row);
  const parsed = parseManifest(raw);
  if (!parsed.ok) throw new AppError("unprocessable", `This version cannot be installed. ${parsed.message}`);
  return { ...v, manifest: parsed.manifest };
}

export type PlannedItem = { key: string; kind: ReturnType<typeof kindOfKey>; name: string };

export function plannedItems(m: Manifest): PlannedItem[] {
  return allItems(m).map((i) => ({ key: i.key, kind: kindOfKey(i.key), name: i.name }));
}

/** What installing would make, the variables to fill in, and whether it is installed already. */
export async function previewInstall(tx: Tx, organizationId: string, params: { versionId: string }) {
  const v = await loadVersion(tx, params.versionId);
  const [existing] = await tx`
    select id, version from public.installed_blueprints
    where organization_id = ${organizationId} and blueprint_id = ${v.blueprint_id}`;
  return {
    blueprintId: v.blueprint_id,
    blueprintName: v.blueprint_name,
    publisherName: v.publisher_name,
    versionId: v.id,
    version: v.version,
    changelog: v.changelog,
    variables: v.manifest.variables,
    items: plannedItems(v.manifest),
    summary: manifestSummary(v.manifest),
    installed: existing ? { id: String(existing.id), version: String(existing.version) } : null,
  };
}

export function checkedValues(m: Manifest, given: Record<string, string>): Record<string, string> {
  const checked = checkVariableValues(m.variables, given);
  if (!checked.ok)
    throw new AppError("validation_failed", "Fill in the blueprint's variables.", checked.fields);
  return checked.values;
}

export async function installBlueprint(
  tx: Tx,
  organizationId: string,
  params: { versionId: string; variables: Record<string, string> },
  installedBy: string | null,
): Promise<{ id: string; created: number }> {
  const v = await loadVersion(tx, params.versionId);
  const values = checkedValues(v.manifest, params.variables);
  const [existing] = await tx`
    select 1 from public.installed_blueprints where organization_id = ${organizationId} and blueprint_id = ${v.blueprint_id}`;
  if (existing)
    throw new AppError(
      "conflict",
      `${v.blueprint_name} is installed here already: update it to this version instead.`,
    );
  const [row] = await tx`
    insert into public.installed_blueprints (organization_id, blueprint_id, blueprint_version_id, blueprint_name,
                                             version, variables, installed_by)
    values (${organizationId}, ${v.blueprint_id}, ${v.id}, ${v.blueprint_name}, ${v.version},
            ${tx.json(values)}, ${installedBy})
    returning id`;
  const installId = z.uuid().parse(row?.id);
  const made = await applyItems(tx, organizationId, {
    values,
    ids: new Map(),
    create: allItems(v.manifest),
    update: [],
  });
  await recordItems(tx, organizationId, installId, made);
  return { id: installId, created: made.length };
}

export type AppliedItem = { item: ManifestItem; itemId: string };

/**
 * Creates `create` and rewrites `update` (existing ids), variables put in and publisher ids mapped
 * to installed ones. An item created before the item it refers to is created (an agent starting a
 * workflow) is rendered again once every id is known, and rewritten if that changed it.
 */
export async function applyItems(
  tx: Tx,
  organizationId: string,
  params: {
    values: Record<string, string>;
    ids: Map<string, string>;
    create: ManifestItem[];
    update: AppliedItem[];
  },
): Promise<AppliedItem[]> {
  const { values, ids } = params;
  const created: (AppliedItem & { first: string })[] = [];
  for (const item of params.create) {
    const rendered = renderItem(item, values, ids);
    const itemId = await createItem(tx, organizationId, rendered, kindOfKey(item.key));
    ids.set(sourceIdOfKey(item.key), itemId);
    created.push({ item, itemId, first: stableJson(rendered) });
  }
  for (const u of params.update) {
    await updateItem(tx, organizationId, u.itemId, renderItem(u.item, values, ids), kindOfKey(u.item.key));
  }
  for (const c of created) {
    const rendered = renderItem(c.item, values, ids);
    if (stableJson(rendered) !== c.first)
      await updateItem(tx, organizationId, c.itemId, rendered, kindOfKey(c.item.key));
  }
  return [...created.map(({ item, itemId }) => ({ item, itemId })), ...params.update];
}

/** Records (or re-records) items with their content hash as they now are and their source hash. */
export async function recordItems(tx: Tx, organizationId: string, installId: string, items: AppliedItem[]) {
  if (!items.length) return;
  const hashes = await currentHashes(
    tx,
    organizationId,
    items.map((i) => ({ kind: kindOfKey(i.item.key), item_id: i.itemId })),
  );
  const rows = items.map((i) => ({
    organization_id: organizationId,
    installed_blueprint_id: installId,
    manifest_key: i.item.key,
    kind: kindOfKey(i.item.key),
    item_id: i.itemId,
    content_hash: hashes.get(i.itemId) ?? "",
    source_hash: sourceHash(i.item),
  }));
  for (let i = 0; i < rows.length; i += 500) {
    await tx`
      insert into public.installed_blueprint_items ${tx(rows.slice(i, i + 500))}
      on conflict (installed_blueprint_id, manifest_key) do update
        set item_id = excluded.item_id, content_hash = excluded.content_hash, source_hash = excluded.source_hash`;
  }
}
