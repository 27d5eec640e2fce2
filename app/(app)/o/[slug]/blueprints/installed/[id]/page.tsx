import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { UpdateInstallForm } from "@/components/blueprints/blueprint-forms";
import { ActionDialogButton } from "@/components/forms/action-dialog";
import { InstalledItems, UpdateDiff } from "@/components/blueprints/install-tables";
import { PageHeader } from "@/components/ui/page-header";
import { uninstallBlueprintAction } from "@/lib/blueprints/actions";
import { getInstall } from "@/lib/blueprints/queries";
import { diffInstall, previewUninstall, publicEntries } from "@/lib/blueprints/update";
import { can } from "@/lib/organizations/can";
import { requireOrganizationPage } from "@/lib/organizations/page";

export const metadata: Metadata = { title: "Installed blueprint" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Props = { params: Promise<{ slug: string; id: string }> };

/** One install: its items (edited here or not), the update to the newest version as a diff, uninstall. */
export default async function InstalledBlueprintPage({ params }: Props) {
  const { slug, id } = await params;
  if (!UUID.test(id)) notFound();
  const { org, read } = await requireOrganizationPage(slug, {
    path: `/blueprints/installed/${id}`,
    permission: ["blueprints", "read"],
  });
  const data = await read(async (tx) => {
    const install = await getInstall(tx, org.organization.id, id);
    if (!install) return null;
    const items = await previewUninstall(tx, org.organization.id, { installId: id });
    const newer =
      install.latest_version_id && install.latest_version_id !== install.blueprint_version_id
        ? await diffInstall(tx, org.organization.id, { installId: id, versionId: install.latest_version_id })
        : null;
    return { install, items: items.items, newer };
  });
  if (!data) notFound();
  const { install, items, newer } = data;
  const edited = items.filter((i) => i.edited).length;
  return (
    <div className="flex max-w-4xl flex-col gap-8">
      <PageHeader
        title={`${install.blueprint_name} ${install.version}`}
        description="What this blueprint installed here. Items you edit are never overwritten by an update."
        actions={
          can(org, "blueprints", "delete") ? (
            <ActionDialogButton
              trigger={{ variant: "destructive", children: "Uninstall" }}
              title={`Uninstall ${install.blueprint_name}?`}
              description={`Removes the ${items.length} item(s) it installed (workflows go to the trash for 30 days) and nothing else.${edited ? ` ${edited} item(s) edited here are kept.` : ""}`}
              action={uninstallBlueprintAction}
              fields={{ organization: slug, install_id: install.id, edited: "keep", after: "list" }}
              submitLabel="Uninstall"
              variant="destructive"
            />
          ) : null
        }
      />
      <InstalledItems items={items} />
      {newer ? (
        <section aria-labelledby="update-heading" className="flex flex-col gap-3">
          <h2 id="update-heading" className="text-lg font-semibold">
            Update to {newer.version.version}
          </h2>
          {newer.version.changelog ? <p className="text-sm">{newer.version.changelog}</p> : null}
          <UpdateDiff entries={publicEntries(newer.entries)} />
          {can(org, "blueprints", "update") ? (
            <UpdateInstallForm
              slug={slug}
              installId={install.id}
              versionId={newer.version.id}
              variables={newer.version.manifest.variables}
              values={install.variables}
              conflicts={newer.entries
                .filter((e) => e.action === "conflict")
                .map((e) => ({ key: e.key, name: e.name }))}
            />
          ) : null}
        </section>
      ) : (
        <p className="text-sm text-muted-foreground">This is the newest version.</p>
      )}
    </div>
  );
}
