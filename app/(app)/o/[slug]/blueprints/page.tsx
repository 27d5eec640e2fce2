import type { Metadata } from "next";
import { AvailableList, InstalledList, OwnList } from "@/components/blueprints/blueprint-lists";
import { PageHeader } from "@/components/ui/page-header";
import { listInstallable, listInstalls, listOwnBlueprints } from "@/lib/blueprints/queries";
import { BLUEPRINT_CATEGORIES, type BlueprintCategory } from "@/lib/blueprints/schemas";
import { can } from "@/lib/organizations/can";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";

export const metadata: Metadata = { title: "Blueprints" };

/** Installed here, what may be installed (search and category), and what this organization publishes. */
export default async function BlueprintsPage(props: OrganizationPageProps) {
  const { slug, org, read, search } = await openOrganizationPage(props, {
    path: "/blueprints",
    permission: ["blueprints", "read"],
  });
  const q = typeof search.q === "string" ? search.q.slice(0, 100) : "";
  const category =
    typeof search.category === "string" && search.category in BLUEPRINT_CATEGORIES
      ? (search.category as BlueprintCategory)
      : null;
  const { installs, available, own } = await read(async (tx) => ({
    installs: await listInstalls(tx, org.organization.id),
    available: await listInstallable(tx, { q, category }),
    own: await listOwnBlueprints(tx, org.organization.id),
  }));
  const mayInstall = can(org, "blueprints", "create");
  return (
    <div className="flex flex-col gap-10">
      <PageHeader
        title="Blueprints"
        description="Workflows, chatbots with their knowledge, agents and commission plans, packaged to install in any organization and kept up to date. Publish one from a project's page."
      />
      <InstalledList slug={slug} installs={installs} />
      <AvailableList slug={slug} available={available} q={q} category={category} mayInstall={mayInstall} />
      <OwnList slug={slug} own={own} organizationName={org.organization.name} />
    </div>
  );
}
