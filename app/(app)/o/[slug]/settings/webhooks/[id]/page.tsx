import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { KeysetPager } from "@/components/ui/keyset-pager";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { TextLink } from "@/components/ui/text-link";
import { WebhookDeliveriesTable } from "@/components/webhooks/deliveries-table";
import { EditWebhookForm } from "@/components/webhooks/edit-webhook-form";
import { WebhookEndpointActions } from "@/components/webhooks/endpoint-actions";
import { endpointHealth, eventsLabel } from "@/components/webhooks/endpoints-table";
import { AppError } from "@/lib/errors";
import { can } from "@/lib/organizations/can";
import { openOrganizationPage } from "@/lib/organizations/page";
import type { SearchParams } from "@/lib/utils/search-params";
import { getWebhookEndpoint, listWebhookDeliveries } from "@/lib/webhooks/queries";

export const metadata: Metadata = { title: "Webhook endpoint" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function WebhookEndpointPage(props: {
  params: Promise<{ slug: string; id: string }>;
  searchParams?: Promise<SearchParams>;
}) {
  const { id } = await props.params;
  const { slug, search, org, read } = await openOrganizationPage(props, {
    path: `/settings/webhooks/${UUID.test(id) ? id : ""}`,
    permission: ["webhooks", "read"],
  });
  if (!UUID.test(id)) notFound();
  const before = typeof search.before === "string" && UUID.test(search.before) ? search.before : undefined;
  const data = await read(async (tx) => {
    const endpoint = await getWebhookEndpoint(tx, org.organization.id, { id }).catch((e: unknown) => {
      if (e instanceof AppError && e.code === "not_found") return null;
      throw e;
    });
    if (!endpoint) return null;
    const page = await listWebhookDeliveries(tx, org.organization.id, {
      endpointId: id,
      startingAfter: before,
    });
    return { endpoint, ...page };
  });
  if (!data) notFound();
  const { endpoint, deliveries, hasMore } = data;
  const health = endpointHealth(endpoint);
  const canUpdate = can(org, "webhooks", "update");
  const path = `/o/${slug}/settings/webhooks/${id}`;

  return (
    <div className="flex flex-col gap-8">
      <TextLink href={`/o/${slug}/settings/webhooks`} className="text-sm">
        ← All endpoints
      </TextLink>
      <PageHeader
        title={<span className="break-all">{endpoint.url}</span>}
        description={endpoint.description || eventsLabel(endpoint.events)}
        actions={
          <WebhookEndpointActions
            slug={slug}
            id={endpoint.id}
            url={endpoint.url}
            enabled={endpoint.status === "enabled"}
            canUpdate={canUpdate}
            canDelete={can(org, "webhooks", "delete")}
          />
        }
      />
      {endpoint.status === "disabled" ? (
        <Alert variant="warning" title="This endpoint is turned off">
          {endpoint.disabled_reason ?? "It gets no events."} Turn it on to receive events again.
        </Alert>
      ) : endpoint.failing_since ? (
        <Alert variant="warning" title="Deliveries are failing">
          Every attempt since <RelativeTime date={endpoint.failing_since} /> has failed (
          {endpoint.consecutive_failures} in a row). After 3 days of failures the endpoint is turned off.
        </Alert>
      ) : null}
      <dl className="grid gap-x-8 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
        <dt className="text-muted-foreground">Status</dt>
        <dd>
          <Badge variant={health.variant}>{health.label}</Badge>
        </dd>
        <dt className="text-muted-foreground">Events</dt>
        <dd className="font-mono text-[13px]">{endpoint.events.join(", ")}</dd>
        <dt className="text-muted-foreground">Signing secret</dt>
        <dd className="font-mono text-[13px]">{endpoint.secret_hint}</dd>
      </dl>
      <section aria-labelledby="deliveries-heading" className="flex flex-col gap-3">
        <h2 id="deliveries-heading" className="text-base font-semibold">
          Deliveries
        </h2>
        <WebhookDeliveriesTable slug={slug} deliveries={deliveries} canReplay={canUpdate} />
        <KeysetPager
          label="Pages of deliveries"
          path={path}
          filters={{}}
          before={before}
          nextBefore={hasMore ? deliveries.at(-1)?.id : undefined}
        />
      </section>
      {canUpdate ? (
        <EditWebhookForm
          slug={slug}
          endpoint={{ id, url: endpoint.url, description: endpoint.description, events: endpoint.events }}
        />
      ) : null}
    </div>
  );
}
