import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { CopyField } from "@/components/integrations/copy-field";
import {
  DisconnectButton,
  SendTestEventButton,
  SyncNowButton,
} from "@/components/integrations/integration-actions";
import { IntegrationSettingsForm } from "@/components/integrations/integration-settings-form";
import { IntegrationStatusBadge } from "@/components/integrations/status";
import { EventStatusFilter, WebhookEventsTable } from "@/components/integrations/webhook-events-table";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { RelativeTime } from "@/components/ui/relative-time";
import { stackConfig } from "@/lib/config/stack";
import { SALE_EVENT_TYPES, CONTACT_EVENT_TYPES } from "@/lib/ghl/events";
import {
  getIntegration,
  listWebhookEvents,
  WEBHOOK_EVENT_STATUSES,
  type WebhookEventStatus,
} from "@/lib/integrations/integrations";
import { can } from "@/lib/organizations/can";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";
import { firstParam, pageParam } from "@/lib/utils/search-params";

export const metadata: Metadata = { title: "GoHighLevel integration" };

const PAGE_SIZE = 25;

type Props = OrganizationPageProps & { params: Promise<{ slug: string; integrationId: string }> };

export default async function IntegrationPage(props: Props) {
  const { integrationId } = await props.params;
  const { slug, search, org, read } = await openOrganizationPage(props, {
    path: `/settings/integrations/${integrationId}`,
    permission: ["integrations", "read"],
  });
  const statusParam = firstParam(search.status);
  const status = (WEBHOOK_EVENT_STATUSES as readonly string[]).includes(statusParam ?? "")
    ? (statusParam as WebhookEventStatus)
    : undefined;
  const page = pageParam(search.page);
  const found = await read(async (tx) => {
    const integration = await getIntegration(tx, org.organization.id, integrationId);
    if (!integration) return null;
    const events = await listWebhookEvents(tx, org.organization.id, integration.id, {
      status,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    return { integration, ...events };
  });
  if (!found) notFound();
  const { integration, events, total, counts } = found;
  const canUpdate = can(org, "integrations", "update");
  const connected = integration.status !== "disconnected";
  const path = `/o/${slug}/settings/integrations/${integration.id}`;
  const webhookUrl = `${stackConfig().siteUrl.replace(/\/+$/, "")}/api/webhooks/ghl/${integration.id}`;

  return (
    <div className="flex flex-col gap-8">
      <div className="flex flex-col gap-3">
        <Link
          href={`/o/${slug}/settings/integrations`}
          className="inline-flex w-fit items-center gap-1 rounded-sm text-sm text-muted-foreground outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
        >
          <ArrowLeft className="size-4" aria-hidden="true" /> Integrations
        </Link>
        <PageHeader
          title={
            <span className="flex flex-wrap items-center gap-3">
              {integration.name} <IntegrationStatusBadge status={integration.status} />
            </span>
          }
          description={
            <>
              GoHighLevel location <code className="text-xs">{integration.location_id}</code> · last refund
              sync {integration.last_sync_at ? <RelativeTime date={integration.last_sync_at} /> : "not yet"}
              {integration.status_message ? <> · {integration.status_message}</> : null}
            </>
          }
          actions={
            canUpdate && connected ? (
              <>
                <SendTestEventButton
                  slug={slug}
                  integrationId={integration.id}
                  currency={integration.currency}
                />
                <SyncNowButton slug={slug} integrationId={integration.id} />
                <DisconnectButton slug={slug} integrationId={integration.id} name={integration.name} />
              </>
            ) : null
          }
        />
      </div>

      <Card>
        <CardHeader>
          <CardTitle className="text-base">Webhook</CardTitle>
          <CardDescription>
            In GoHighLevel, add a webhook (Settings → Webhooks, or your app&apos;s webhook URL) with this
            address.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4 text-sm">
          <CopyField id="webhook-url" label="Webhook URL" value={webhookUrl} />
          <div className="grid gap-4 md:grid-cols-2">
            <div className="flex flex-col gap-1.5">
              <h3 className="font-medium">Events to send</h3>
              <p className="text-muted-foreground">
                {[...SALE_EVENT_TYPES, ...CONTACT_EVENT_TYPES].join(", ")}. Others are stored and ignored.
              </p>
            </div>
            <div className="flex flex-col gap-1.5">
              <h3 className="font-medium">Signing</h3>
              <p className="text-pretty text-muted-foreground">
                Nothing to copy: GoHighLevel signs every webhook with its own published key. Orgflow checks
                the Ed25519 signature (<code className="text-xs">x-ghl-signature</code>) first, then the
                legacy RSA one (<code className="text-xs">x-wh-signature</code>), over the exact body; refuses
                deliveries older than {integration.webhook_settings.max_age_seconds / 60} minutes, repeats of
                a webhookId and events for another location.
              </p>
            </div>
          </div>
        </CardContent>
      </Card>

      <section aria-labelledby="events-heading" className="flex flex-col gap-4">
        <h2 id="events-heading" className="text-base font-semibold">
          Recent webhook events
        </h2>
        <EventStatusFilter path={path} current={status} counts={counts} />
        <WebhookEventsTable
          slug={slug}
          integrationId={integration.id}
          events={events}
          canRetry={canUpdate && connected}
          filtered={status !== undefined}
        />
        <Pagination
          path={path}
          params={{ status }}
          page={page}
          pageSize={PAGE_SIZE}
          total={total}
          noun="events"
        />
      </section>

      {canUpdate && connected ? (
        <Card>
          <CardHeader>
            <CardTitle className="text-base">Settings</CardTitle>
            <CardDescription>
              To change the token or location, connect again from the Integrations page: the same location
              keeps this webhook URL.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <IntegrationSettingsForm
              slug={slug}
              integration={{
                id: integration.id,
                name: integration.name,
                currency: integration.currency,
                saleSources: integration.webhook_settings.sale_sources,
              }}
            />
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}
