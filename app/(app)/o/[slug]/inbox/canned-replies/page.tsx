import type { Metadata } from "next";
import Link from "next/link";
import { ArrowLeft } from "lucide-react";
import { CannedReplies } from "@/components/inbox/canned-replies";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { listCannedReplies } from "@/lib/inbox/queries";
import { can } from "@/lib/organizations/can";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";

export const metadata: Metadata = { title: "Canned replies" };

/** The inbox's settings: the organization's canned replies. */
export default async function CannedRepliesPage(props: OrganizationPageProps) {
  const { slug, org, read } = await openOrganizationPage(props, {
    path: "/inbox/canned-replies",
    permission: ["canned_replies", "read"],
  });
  const replies = await read((tx) => listCannedReplies(tx, org.organization.id));
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Canned replies"
        description="Saved answers for the inbox: type / and the shortcut in the reply box, or pick one from the list."
        actions={
          <Button asChild variant="outline" size="sm">
            <Link href={`/o/${slug}/inbox`}>
              <ArrowLeft aria-hidden="true" />
              Inbox
            </Link>
          </Button>
        }
      />
      <CannedReplies
        slug={slug}
        replies={replies}
        permissions={{
          create: can(org, "canned_replies", "create"),
          update: can(org, "canned_replies", "update"),
          delete: can(org, "canned_replies", "delete"),
        }}
      />
    </div>
  );
}
