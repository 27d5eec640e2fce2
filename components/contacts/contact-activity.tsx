import Link from "next/link";
import { Money } from "@/components/commissions/money";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import type { contactActivity } from "@/lib/contacts/queries";

type Activity = Awaited<ReturnType<typeof contactActivity>>;

function Section({ title, empty, children }: { title: string; empty: string; children: React.ReactNode[] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">{title}</CardTitle>
      </CardHeader>
      <CardContent>
        {children.length === 0 ? (
          <p className="text-sm text-muted-foreground">{empty}</p>
        ) : (
          <ul className="flex flex-col divide-y" aria-label={title}>
            {children}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** What links to the contact: conversations, sales and workflow runs (each if the member may see it). */
export function ContactActivity({
  slug,
  activity,
  may,
}: {
  slug: string;
  activity: Activity;
  may: { conversations: boolean; sales: boolean; runs: boolean };
}) {
  const base = `/o/${slug}`;
  return (
    <div className="flex min-w-0 flex-col gap-6">
      {may.conversations ? (
        <Section title="Conversations" empty="No chatbot conversations with this contact yet.">
          {activity.conversations.map((c) => (
            <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
              <Link
                href={`${base}/inbox?c=${c.id}`}
                className="font-medium underline-offset-4 hover:underline"
              >
                {c.bot_name}: {c.message_count} {c.message_count === 1 ? "message" : "messages"}
              </Link>
              <span className="flex items-center gap-2 text-muted-foreground">
                <Badge variant="secondary">{c.status.replace("_", " ")}</Badge>
                {day(c.last_message_at)}
              </span>
            </li>
          ))}
        </Section>
      ) : null}
      {may.sales ? (
        <Section title="Sales" empty="No sales linked to this contact.">
          {activity.sales.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
              <Link
                href={`${base}/commissions/transactions/${s.id}`}
                className="font-medium underline-offset-4 hover:underline"
              >
                {s.external_id}
              </Link>
              <span className="flex items-center gap-2 text-muted-foreground">
                <Money minor={s.amount_minor} currency={s.currency} />
                {day(s.paid_at)}
              </span>
            </li>
          ))}
        </Section>
      ) : null}
      {may.runs ? (
        <Section title="Workflow runs" empty="No workflow has run for this contact.">
          {activity.runs.map((r) => (
            <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
              <Link href={`${base}/runs/${r.id}`} className="font-medium underline-offset-4 hover:underline">
                {r.workflow_name}
              </Link>
              <span className="flex items-center gap-2 text-muted-foreground">
                <Badge variant="secondary">{r.status}</Badge>
                {day(r.created_at)}
              </span>
            </li>
          ))}
        </Section>
      ) : null}
    </div>
  );
}
