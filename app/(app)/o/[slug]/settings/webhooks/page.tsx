import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { CreateWebhookForm } from "@/components/webhooks/create-webhook-form";
import { WebhookEndpointsTable } from "@/components/webhooks/endpoints-table";
import { SignatureHelp } from "@/components/webhooks/signature-help";
import { can } from "@/lib/organizations/can";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";
import { listWebhookEndpoints } from "@/lib/webhooks/queries";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage(props: OrganizationPageProps) {
  const { slug, org, read } = await openOrganizationPage(props, {
    path: "/settings/webhooks",
    permission: ["webhooks", "read"],
  });
  const endpoints = await read((tx) => listWebhookEndpoints(tx, org.organization.id));
  return (
    <div className="flex flex-col gap-8">
      <PageHeader
        title="Webhooks"
        description="Tell your other tools when something happens in Orgflow: each event is POSTed, signed, to the URLs that subscribe to it, and retried for up to 3 days when they fail."
      />
      <section aria-labelledby="endpoints-heading" className="flex flex-col gap-3">
        <h2 id="endpoints-heading" className="text-base font-semibold">
          Endpoints
        </h2>
        <WebhookEndpointsTable slug={slug} endpoints={endpoints} />
      </section>
      {can(org, "webhooks", "create") ? <CreateWebhookForm slug={slug} /> : null}
      <SignatureHelp />
    </div>
  );
}
