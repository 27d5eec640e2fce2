import { Badge } from "@/components/ui/badge";
import type { Integration, WebhookEventStatus } from "@/lib/integrations/integrations";

const integrationStatus = {
  active: { label: "Connected", variant: "success" },
  error: { label: "Needs attention", variant: "warning" },
  disconnected: { label: "Disconnected", variant: "secondary" },
} as const;

export function IntegrationStatusBadge({ status }: { status: Integration["status"] }) {
  const s = integrationStatus[status];
  return <Badge variant={s.variant}>{s.label}</Badge>;
}

export const EVENT_STATUS_LABELS: Record<WebhookEventStatus, string> = {
  received: "Waiting",
  processed: "Processed",
  ignored: "Ignored",
  failed: "Failed",
  rejected: "Refused",
};

const eventVariants = {
  received: "outline",
  processed: "success",
  ignored: "secondary",
  failed: "destructive",
  rejected: "warning",
} as const;

export function EventStatusBadge({ status }: { status: WebhookEventStatus }) {
  return <Badge variant={eventVariants[status]}>{EVENT_STATUS_LABELS[status]}</Badge>;
}

export const SIGNATURE_LABELS: Record<string, string> = {
  ed25519: "Ed25519 (x-ghl-signature)",
  rsa: "RSA (x-wh-signature)",
  synthetic: "Test event (not signed)",
  missing: "No signature",
  invalid: "Invalid signature",
};
