import "server-only";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import {
  blueprintRowSchema,
  installRowSchema,
  versionRowSchema,
  type BlueprintCategory,
  type BlueprintRow,
  type InstallRow,
  type VersionRow,
} from "./schemas";

/** Reads for the blueprint pages, in the member's transaction (RLS decides what is visible). */

const BLUEPRINT_COLUMNS = `
  b.id, b.organization_id, o.name as publisher_name, b.slug, b.name, b.description, b.category, b.visibility,
  b.moderation_status, b.downloads, b.updated_at,
  (select v.version from public.blueprint_versions v where v.blueprint_id = b.id
   order by v.major desc, v.minor desc, v.patch desc limit 1) as latest_version,
  (select v.id from public.blueprint_versions v where v.blueprint_id = b.id
   order by v.major desc, v.minor desc, v.patch desc limit 1) as latest_version_id`;

/** The organization's own blueprints, newest first. */
export async function listOwnBlueprints(tx: Tx, organizationId: string): Promise<BlueprintRow[]> {
  const rows = await tx`
    select ${tx.unsafe(BLUEPRINT_COLUMNS)}
    from public.blueprints b left join public.organizations o on o.id = b.organization_id
    where b.organization_id = ${organizationId}
    order by b.updated_at desc, b.id limit 200`;
  return z.array(blueprintRowSchema).parse(rows);
}

/**
 * What a member may install: approved public blueprints of any publisher, and private ones of the
 * organizations they publish from (RLS), with at least one version; search by name or
 * description, a category, most downloaded first.
 */
export async function listInstallable(
  tx: Tx,
  params: { q?: string; category?: BlueprintCategory | null },
): Promise<BlueprintRow[]> {
  const q = (params.q ?? "").trim().slice(0, 100);
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await tx`
    select ${tx.unsafe(BLUEPRINT_COLUMNS)}
    from public.blueprints b left join public.organizations o on o.id = b.organization_id
    where exists (select 1 from public.blueprint_versions v where v.blueprint_id = b.id)
      and (b.visibility = 'private' or b.moderation_status = 'approved')
      and (${q} = '' or b.name ilike ${like} or b.description ilike ${like})
      and (${params.category ?? null}::text is null or b.category = ${params.category ?? null})
    order by b.downloads desc, b.name, b.id limit 100`;
  return z.array(blueprintRowSchema).parse(rows);
}

export async function listVersions(tx: Tx, blueprintId: string): Promise<VersionRow[]> {
  const rows = await tx`
    select id, blueprint_id, version, changelog, summary, created_at from public.blueprint_versions
    where blueprint_id = ${blueprintId} order by major desc, minor desc, patch desc limit 100`;
  return z.array(versionRowSchema).parse(rows);
}

/** The organization's installs, with the newest version of each blueprint it can see. */
export async function listInstalls(
  tx: Tx,
  organizationId: string,
  onlyId: string | null = null,
): Promise<InstallRow[]> {
  const rows = await tx`
    select i.id, i.blueprint_id, i.blueprint_version_id, i.blueprint_name, i.version, i.variables, i.installed_at,
           i.updated_at,
           (select count(*)::int from public.installed_blueprint_items t where t.installed_blueprint_id = i.id) as items,
           l.version as latest_version, l.id as latest_version_id
    from public.installed_blueprints i
    left join lateral (
      select v.id, v.version from public.blueprint_versions v where v.blueprint_id = i.blueprint_id
      order by v.major desc, v.minor desc, v.patch desc limit 1) l on true
    where i.organization_id = ${organizationId} and (${onlyId}::uuid is null or i.id = ${onlyId})
    order by i.installed_at desc, i.id limit 200`;
  return z.array(installRowSchema).parse(rows);
}

export async function getInstall(tx: Tx, organizationId: string, id: string): Promise<InstallRow | null> {
  return (await listInstalls(tx, organizationId, id))[0] ?? null;
}
