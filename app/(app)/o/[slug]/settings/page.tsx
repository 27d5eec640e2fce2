import type { Metadata } from "next";
import { DeleteOrganization } from "@/components/organizations/settings/delete-organization";
import { GeneralSettingsForm } from "@/components/organizations/settings/general-settings-form";
import { OrganizationSettingsForms } from "@/components/organizations/settings/organization-settings-forms";
import { PageHeader } from "@/components/ui/page-header";
import { stackConfig } from "@/lib/config/stack";
import { readRunRetention } from "@/lib/executions/retention";
import { can } from "@/lib/organizations/can";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";
import { COMMON_CURRENCIES, readOrganizationSettings } from "@/lib/organizations/settings";

export const metadata: Metadata = { title: "Settings" };

export default async function GeneralSettingsPage(props: OrganizationPageProps) {
  const { slug, org, read } = await openOrganizationPage(props, {
    path: "/settings",
    permission: ["organizations", "update"],
  });
  const { name } = org.organization;
  const retention = await read((tx) => readRunRetention(tx, org.organization.id));

  return (
    <div className="flex flex-col gap-8">
      <PageHeader
        title="General"
        description="The organization's name and address, what its workflows may reach, its defaults, colour and run history."
      />
      <GeneralSettingsForm organization={{ name, slug }} siteUrl={stackConfig().siteUrl} />
      <OrganizationSettingsForms
        slug={slug}
        settings={readOrganizationSettings(org.organization.settings)}
        retention={retention}
        isOwner={org.role === "owner"}
        currencies={COMMON_CURRENCIES}
      />
      {can(org, "organizations", "delete") ? <DeleteOrganization organization={{ name, slug }} /> : null}
    </div>
  );
}
