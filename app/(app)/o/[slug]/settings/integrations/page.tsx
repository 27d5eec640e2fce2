import type { Metadata } from "next";
import Link from "next/link";
import { ArrowRight, Plug, UserRoundSearch } from "lucide-react";
import { LockedFeature } from "@/components/billing/locked-feature";
import { ConnectGhlForm } from "@/components/integrations/connect-ghl-form";
import { IntegrationStatusBadge } from "@/components/integrations/status";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { PageHeader } from "@/components/ui/page-header";
import { encryptionKeyProblem } from "@/lib/integrations/crypto";
import { unmappedGhlUsers } from "@/lib/integrations/ghl-users";
import { listIntegrations } from "@/lib/integrations/integrations";
import { getPlanFeature } from "@/lib/billing/features";
import { can, hasFeature } from "@/lib/organizations/can";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";

export const metadata: Metadata = { title: "Integrations" };

export default async function IntegrationsPage(props: OrganizationPageProps) {
  const { slug, org, read } = await openOrganizationPage(props, {
    path: "/settings/integrations",
    permission: ["integrations", "read"],
  });
  const organizationId = org.organization.id;
  const canConnect = can(org, "integrations", "create");
  const canMap = can(org, "sales", "read");
  const [integrations, unmapped] = await read((tx) =>
    Promise.all([listIntegrations(tx, organizationId), canMap ? unmappedGhlUsers(tx, organizationId) : []]),
  );
  // A plan without the integration shows what it does and the way to it, in place of the form.
  const locked = hasFeature(org, "ghl_integration")
    ? null
    : await read((tx) => getPlanFeature(tx, organizationId, "ghl_integration"));
  const base = `/o/${slug}/settings/integrations`;
  // Said before the form, not after someone has filled it in (hosted, until the operator sets it).
  const keyProblem = encryptionKeyProblem();

  return (
    <div className="flex flex-col gap-8">
      <PageHeader
        title="Integrations"
        description="Connect GoHighLevel so paid invoices, orders and won opportunities become sales and commissions, contacts stay in sync and workflows can act in your location."
      />
      {unmapped.length > 0 ? (
        <Alert
          variant="warning"
          title={`${unmapped.length === 1 ? "1 GoHighLevel user is" : `${unmapped.length} GoHighLevel users are`} not mapped to a team member`}
        >
          Their sales are recorded without commissions until you say who they are.{" "}
          <Link
            href={`${base}/ghl-users`}
            className="font-medium text-primary underline-offset-4 hover:underline"
          >
            Map GHL users
          </Link>
        </Alert>
      ) : null}
      <section aria-labelledby="connections-heading" className="flex flex-col gap-3">
        <h2 id="connections-heading" className="text-base font-semibold">
          Connections
        </h2>
        {locked && integrations.length === 0 ? (
          <LockedFeature feature={locked} slug={slug} canUpgrade={can(org, "billing", "update")} />
        ) : integrations.length === 0 ? (
          <EmptyState
            icon={Plug}
            title="Nothing connected yet"
            description={
              canConnect
                ? "Connect your GoHighLevel location below."
                : "An administrator can connect your GoHighLevel location."
            }
          />
        ) : (
          <ul className="grid gap-3 md:grid-cols-2">
            {integrations.map((i) => (
              <li key={i.id}>
                <Card className="h-full">
                  <CardHeader className="gap-1">
                    <div className="flex items-start justify-between gap-3">
                      <CardTitle className="text-base">{i.name}</CardTitle>
                      <IntegrationStatusBadge status={i.status} />
                    </div>
                    <CardDescription>
                      GoHighLevel location <code className="text-xs">{i.location_id}</code>
                    </CardDescription>
                  </CardHeader>
                  <CardContent className="flex flex-col gap-3 text-sm">
                    {i.status_message ? (
                      <p className="text-pretty text-muted-foreground">{i.status_message}</p>
                    ) : null}
                    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-[13px]">
                      <dt className="text-muted-foreground">Signs in with</dt>
                      <dd>
                        {i.auth_type === "oauth" ? "OAuth app" : "Private integration token"}
                        {i.credentials_hint ? (
                          <code className="ml-1 text-xs text-muted-foreground">{i.credentials_hint}</code>
                        ) : null}
                      </dd>
                      <dt className="text-muted-foreground">Last refund sync</dt>
                      <dd>{i.last_sync_at ? <RelativeTime date={i.last_sync_at} /> : "Not yet"}</dd>
                    </dl>
                    <Link
                      href={`${base}/${i.id}`}
                      className="inline-flex w-fit items-center gap-1 rounded-sm font-medium text-primary underline-offset-4 outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50"
                    >
                      Webhook, events and settings <ArrowRight className="size-4" aria-hidden="true" />
                      <span className="sr-only">of {i.name}</span>
                    </Link>
                  </CardContent>
                </Card>
              </li>
            ))}
          </ul>
        )}
      </section>
      {locked && integrations.length > 0 ? (
        <LockedFeature feature={locked} slug={slug} canUpgrade={can(org, "billing", "update")} />
      ) : locked ? null : canConnect && keyProblem ? (
        <Alert variant="warning" title="Connecting is not available on this server yet">
          {keyProblem}
        </Alert>
      ) : canConnect ? (
        <ConnectGhlForm slug={slug} defaultOpen={integrations.length === 0} />
      ) : null}
      {canMap && unmapped.length === 0 && integrations.length > 0 ? (
        <p className="flex items-center gap-2 text-sm text-muted-foreground">
          <UserRoundSearch className="size-4" aria-hidden="true" />
          Every GoHighLevel user seen on a sale is mapped to a team member.{" "}
          <Link href={`${base}/ghl-users`} className="text-primary underline-offset-4 hover:underline">
            GHL users
          </Link>
        </p>
      ) : null}
    </div>
  );
}
