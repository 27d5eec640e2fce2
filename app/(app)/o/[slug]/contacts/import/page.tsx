import type { Metadata } from "next";
import Link from "next/link";
import { ArrowLeft } from "lucide-react";
import { ContactsImport } from "@/components/contacts/contacts-import";
import { Card, CardContent } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";

export const metadata: Metadata = { title: "Import contacts" };

export default async function ImportContactsPage(props: OrganizationPageProps) {
  const { slug } = await openOrganizationPage(props, {
    path: "/contacts/import",
    permission: ["contacts", "create"],
  });
  return (
    <div className="flex flex-col gap-6">
      <Link
        href={`/o/${slug}/contacts`}
        className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
      >
        <ArrowLeft className="size-4" aria-hidden="true" />
        All contacts
      </Link>
      <PageHeader
        title="Import contacts"
        description="From a CSV file, e.g. exported from a spreadsheet or another CRM. A row whose email matches a contact updates it; the others become new contacts."
      />
      <Card>
        <CardContent className="pt-6">
          <ContactsImport slug={slug} />
        </CardContent>
      </Card>
    </div>
  );
}
