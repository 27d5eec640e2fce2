import { ArrowRight, KeyRound } from "lucide-react";
import { UserAvatar } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { auditSentence, changedFields } from "@/lib/organizations/audit-format";
import type { AuditEntry } from "@/lib/organizations/audit-log";

function actorName(entry: AuditEntry): string {
  if (entry.actor_name) return entry.actor_name;
  if (entry.actor_id) return "A former member";
  return entry.actor_api_key_id ? "An API key" : "Orgflow";
}

/**
 * One audit log entry: who did what to which thing, when (relative, exact on hover), and the
 * changed fields before → after behind a disclosure.
 */
export function AuditEntryItem({ entry }: { entry: AuditEntry }) {
  const fields = changedFields(entry);
  const actor = actorName(entry);

  return (
    <article className="flex gap-3 py-3.5">
      <UserAvatar name={actor} className="mt-0.5 size-8" />
      <div className="flex min-w-0 flex-1 flex-col gap-1.5">
        <div className="flex flex-col gap-0.5 sm:flex-row sm:items-baseline sm:justify-between sm:gap-4">
          <p className="text-sm break-words">
            <span className="font-medium">{actor}</span> {auditSentence(entry)}
            {entry.actor_api_key_id ? (
              <Badge variant="secondary" className="ml-2 align-middle">
                <KeyRound aria-hidden="true" />
                via API key
              </Badge>
            ) : null}
          </p>
          <RelativeTime date={entry.created_at} className="text-xs text-muted-foreground" />
        </div>
        {fields.length > 0 ? (
          <details className="group text-sm">
            <summary className="w-fit cursor-pointer rounded-sm text-[13px] text-muted-foreground outline-none select-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50">
              {fields.length === 1 ? "1 field" : `${fields.length} fields`}
              {entry.action === "update" ? " changed" : ""}
            </summary>
            <dl className="mt-2 grid gap-1.5 rounded-lg border bg-muted/40 p-3 text-[13px] sm:grid-cols-[minmax(8rem,auto)_1fr] sm:gap-x-4">
              {fields.map((field) => (
                <div key={field.field} className="contents">
                  <dt className="font-medium">{field.label}</dt>
                  <dd className="flex min-w-0 flex-wrap items-center gap-1.5 break-all text-muted-foreground">
                    {field.before !== undefined ? (
                      <span className={field.after !== undefined ? "line-through decoration-1" : undefined}>
                        {field.before}
                      </span>
                    ) : null}
                    {field.before !== undefined && field.after !== undefined ? (
                      <ArrowRight className="size-3.5 shrink-0" aria-label="changed to" />
                    ) : null}
                    {field.after !== undefined ? (
                      <span className="text-foreground">{field.after}</span>
                    ) : null}
                  </dd>
                </div>
              ))}
            </dl>
          </details>
        ) : null}
      </div>
    </article>
  );
}
