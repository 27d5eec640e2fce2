import type { Metadata } from "next";
import { TrashTable } from "@/components/trash/trash-table";
import { PageHeader } from "@/components/ui/page-header";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";
import { TRASH_DAYS } from "@/lib/trash/schemas";
import { listTrash } from "@/lib/trash/trash";

export const metadata: Metadata = { title: "Trash" };

export default async function TrashPage(props: OrganizationPageProps) {
  const { slug, org, read } = await openOrganizationPage(props, {
    path: "/trash",
    permission: ["workflows", "delete"],
  });
  const items = await read((tx) => listTrash(tx, org.organization.id));
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Trash"
        description={`Deleted workflows wait here for ${TRASH_DAYS} days with their versions and run history, then are deleted for good.`}
      />
      <TrashTable slug={slug} items={items} />
    </div>
  );
}
