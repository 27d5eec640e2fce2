import "server-only";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import {
  MANIFEST_FORMAT,
  manifestSummary,
  parseManifest,
  sourceIdOfKey,
  allItems,
  type Manifest,
} from "./manifest";
import type { BlueprintFields, PublishSource, PublishVersionInput } from "./schemas";
import { checkReferences, projectSelection, snapshotItems, type Selection } from "./snapshot";

/**
 * Publishing, in the publisher's transaction as the member (blueprints:create; RLS also decides
 * which items they may read). A version is a snapshot: later edits of the items change nothing in
 * it, and it is never changed (no update grant); a newer version must have a higher number.
 */

export const BLUEPRINT_NOT_FOUND = "This blueprint does not exist or is not yours to change.";

export async function createBlueprint(
  tx: Tx,
  organizationId: string,
  fields: BlueprintFields,
  createdBy: string | null,
): Promise<{ id: string }> {
  try {
    const [row] = await tx`
      insert into public.blueprints (organization_id, slug, name, description, category, visibility, created_by)
      values (${organizationId}, ${fields.slug}, ${fields.name}, ${fields.description}, ${fields.category},
              ${fields.visibility}, ${createdBy})
      returning id`;
    return { id: z.uuid().parse(row?.id) };
  } catch (e) {
    if ((e as { code?: string }).code === "23505")
      throw new AppError("validation_failed", "You already have a blueprint with this slug.", {
        slug: ["You already have a blueprint with this slug."],
      });
    throw e;
  }
}

export async function updateBlueprint(
  tx: Tx,
  organizationId: string,
  params: Omit<BlueprintFields, "slug"> & { id: string },
): Promise<void> {
  const rows = await tx`
    update public.blueprints set name = ${params.name}, description = ${params.description},
      category = ${params.category}, visibility = ${params.visibility}
    where id = ${params.id} and organization_id = ${organizationId} returning id`;
  if (!rows.length) throw new AppError("not_found", BLUEPRINT_NOT_FOUND);
}

export async function deleteBlueprint(tx: Tx, organizationId: string, params: { id: string }): Promise<void> {
  const rows = await tx`
    delete from public.blueprints where id = ${params.id} and organization_id = ${organizationId} returning id`;
  if (!rows.length) throw new AppError("not_found", BLUEPRINT_NOT_FOUND);
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return 0;
}

/** Builds the manifest from the publisher's items, checks it whole, then stores the version. */
export async function publishVersion(
  tx: Tx,
  organizationId: string,
  params: PublishVersionInput & { blueprintId: string; source: PublishSource },
  createdBy: string | null,
): Promise<{ id: string; version: string; leftOutRules: number }> {
  const [blueprint] = await tx`
    select id from public.blueprints where id = ${params.blueprintId} and organization_id = ${organizationId}`;
  if (!blueprint) throw new AppError("not_found", BLUEPRINT_NOT_FOUND);
  const [latest] = await tx`
    select version from public.blueprint_versions where blueprint_id = ${params.blueprintId}
    order by major desc, minor desc, patch desc limit 1`;
  if (latest && compareVersions(params.version, String(latest.version)) <= 0)
    throw new AppError("validation_failed", `Use a version above ${String(latest.version)}.`, {
      version: [`Use a version above ${String(latest.version)}.`],
    });
  const selection: Selection =
    "project_id" in params.source
      ? {
          ...(await projectSelection(tx, organizationId, params.source.project_id)),
          commission_plans: params.commission_plans,
        }
      : {
          ...params.source,
          commission_plans: [...params.source.commission_plans, ...params.commission_plans],
        };
  const { leftOutRules, ...items } = await snapshotItems(tx, organizationId, selection);
  const candidate: Manifest = { format: MANIFEST_FORMAT, variables: params.variables, ...items };
  if (allItems(candidate).length === 0)
    throw new AppError(
      "validation_failed",
      "There is nothing to publish: add workflows, chatbots or agents first.",
    );
  const parsed = parseManifest(candidate);
  if (!parsed.ok) throw new AppError("validation_failed", parsed.message);
  const included = new Set(allItems(parsed.manifest).map((i) => sourceIdOfKey(i.key)));
  await checkReferences(tx, organizationId, items, included);
  const [row] = await tx`
    insert into public.blueprint_versions (organization_id, blueprint_id, version, changelog, manifest, summary, created_by)
    values (${organizationId}, ${params.blueprintId}, ${params.version}, ${params.changelog},
            ${tx.json(parsed.manifest as never)}, ${tx.json(manifestSummary(parsed.manifest))}, ${createdBy})
    returning id`;
  // The touch trigger dates the blueprint (its list shows the newest first).
  await tx`update public.blueprints set name = name where id = ${params.blueprintId}`;
  return { id: z.uuid().parse(row?.id), version: params.version, leftOutRules };
}
