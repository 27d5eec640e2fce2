import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { InstallForm } from "@/components/blueprints/blueprint-forms";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { previewInstall } from "@/lib/blueprints/install";
import { KIND_LABELS } from "@/lib/blueprints/schemas";
import { AppError } from "@/lib/errors";
import { requireOrganizationPage } from "@/lib/organizations/page";

export const metadata: Metadata = { title: "Install a blueprint" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Props = { params: Promise<{ slug: string; versionId: string }> };

/** The install dialog: what will be created, the variables to fill in, then one transaction. */
export default async function InstallBlueprintPage({ params }: Props) {
  const { slug, versionId } = await params;
  if (!UUID.test(versionId)) notFound();
  const { org, read } = await requireOrganizationPage(slug, {
    path: `/blueprints/install/${versionId}`,
    permission: ["blueprints", "create"],
  });
  const preview = await read((tx) =>
    previewInstall(tx, org.organization.id, { versionId }).catch((e: unknown) => {
      if (e instanceof AppError && e.code === "not_found") return null;
      throw e;
    }),
  );
  if (!preview) notFound();
  return (
    <div className="flex max-w-3xl flex-col gap-6">
      <PageHeader
        title={`Install ${preview.blueprintName} ${preview.version}`}
        description={`Published by ${preview.publisherName ?? "an organization"}. ${preview.changelog}`}
      />
      {preview.installed ? (
        <p role="status" className="text-sm">
          Version {preview.installed.version} is installed here already:{" "}
          <Link
            className="underline underline-offset-4"
            href={`/o/${slug}/blueprints/installed/${preview.installed.id}`}
          >
            update it instead
          </Link>
          .
        </p>
      ) : null}
      <section aria-labelledby="preview-heading" className="flex flex-col gap-3">
        <h2 id="preview-heading" className="text-lg font-semibold">
          What will be created in {org.organization.name}
        </h2>
        <p className="text-sm text-muted-foreground">
          {preview.summary.chunks} knowledge passages come with the chatbots. Workflows arrive as drafts to
          review and publish; everything is created at once or not at all.
        </p>
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Kind</TableHead>
              <TableHead>Name</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {preview.items.map((i) => (
              <TableRow key={i.key}>
                <TableCell>{KIND_LABELS[i.kind]}</TableCell>
                <TableCell>{i.name}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </section>
      {preview.installed ? null : (
        <section aria-labelledby="variables-heading" className="flex flex-col gap-3">
          <h2 id="variables-heading" className="text-lg font-semibold">
            {preview.variables.length ? "Fill in" : "Install"}
          </h2>
          <InstallForm slug={slug} versionId={preview.versionId} variables={preview.variables} />
        </section>
      )}
    </div>
  );
}
