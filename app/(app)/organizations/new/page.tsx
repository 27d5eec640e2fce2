import type { Metadata } from "next";
import { CreateOrganizationForm } from "@/components/organizations/settings/create-organization-form";
import { PageHeader } from "@/components/ui/page-header";
import { requireClaims } from "@/lib/auth/session";
import { stackConfig } from "@/lib/config/stack";

export const metadata: Metadata = { title: "Create an organization" };

export default async function NewOrganizationPage() {
  await requireClaims("/organizations/new");
  return (
    <div className="mx-auto flex w-full max-w-xl flex-col gap-8">
      <PageHeader
        title="Create an organization"
        description="A separate space for another business or client, with its own members, team and settings. You'll be its owner."
      />
      <CreateOrganizationForm siteUrl={stackConfig().siteUrl} />
    </div>
  );
}
