import type { Metadata } from "next";
import { ApiKeysTable } from "@/components/organizations/api-keys/api-keys-table";
import { ApiUsage } from "@/components/organizations/api-keys/api-usage";
import { CreateApiKeyForm } from "@/components/organizations/api-keys/create-api-key-form";
import { PageHeader } from "@/components/ui/page-header";
import { listApiKeys } from "@/lib/api-keys/keys";
import { stackConfig } from "@/lib/config/stack";
import { API_KEY_EXPIRY_OPTIONS } from "@/lib/organizations/actions/schemas";
import { can } from "@/lib/organizations/can";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";
import { listPermissionResources } from "@/lib/organizations/permission-matrix";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage(props: OrganizationPageProps) {
  const { slug, claims, org, read } = await openOrganizationPage(props, {
    path: "/settings/api-keys",
    permission: ["api_keys", "read"],
  });
  const canCreate = can(org, "api_keys", "create");
  const [keys, resources] = await Promise.all([
    listApiKeys(claims, org.organization.id),
    canCreate ? read((tx) => listPermissionResources(tx)) : [],
  ]);
  // A key may carry only permissions its creator holds.
  const grantable = resources.flatMap((r) => {
    const actions = org.permissions[r.resource] ?? [];
    return actions.length > 0 ? [{ resource: r.resource, label: r.label, actions }] : [];
  });

  return (
    <div className="flex flex-col gap-8">
      <PageHeader
        title="API keys"
        description="Keys for the Orgflow REST API. Each acts as the person who made it, narrowed to the permissions it carries."
      />
      {canCreate ? (
        <CreateApiKeyForm slug={slug} resources={grantable} expiryOptions={API_KEY_EXPIRY_OPTIONS} />
      ) : null}
      <section aria-labelledby="keys-heading" className="flex flex-col gap-3">
        <h2 id="keys-heading" className="text-base font-semibold">
          Keys
        </h2>
        <ApiKeysTable slug={slug} keys={keys} canRevoke={can(org, "api_keys", "update")} />
      </section>
      <ApiUsage siteUrl={stackConfig().siteUrl} />
    </div>
  );
}
