import { KeyRound } from "lucide-react";
import { RevokeApiKeyButton } from "@/components/organizations/api-keys/revoke-api-key";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime, ShortDate } from "@/components/ui/relative-time";
import {
  Table,
  TableActionsHead,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import type { ApiKey } from "@/lib/api-keys/keys";

function keyStatus(key: ApiKey, now: Date) {
  if (key.revoked_at) return { label: "Revoked", variant: "secondary" } as const;
  if (key.expires_at && key.expires_at <= now) return { label: "Expired", variant: "warning" } as const;
  return { label: "Active", variant: "success" } as const;
}

/** The organization's API keys, newest first, revoked ones last. */
export function ApiKeysTable({
  slug,
  keys,
  canRevoke,
}: {
  slug: string;
  keys: ApiKey[];
  canRevoke: boolean;
}) {
  if (keys.length === 0) {
    return (
      <EmptyState
        icon={KeyRound}
        title="No API keys yet"
        description="Keys let your own scripts and tools like Zapier use the Orgflow API on your behalf."
      />
    );
  }
  const now = new Date();
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Permissions</TableHead>
          <TableHead className="hidden md:table-cell">Created by</TableHead>
          <TableHead className="hidden md:table-cell">Last used</TableHead>
          <TableHead className="hidden sm:table-cell">Expires</TableHead>
          <TableHead>Status</TableHead>
          {canRevoke ? <TableActionsHead className="w-16" /> : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {keys.map((key) => {
          const status = keyStatus(key, now);
          return (
            <TableRow key={key.id} className={key.revoked_at ? "text-muted-foreground" : undefined}>
              <TableCell>
                <span className="block font-medium">{key.name}</span>
                <code className="text-xs text-muted-foreground">{key.prefix}_…</code>
              </TableCell>
              <TableCell>
                <details className="text-sm">
                  <summary className="cursor-pointer rounded-sm whitespace-nowrap outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50">
                    {key.permissions.length === 1 ? "1 permission" : `${key.permissions.length} permissions`}
                  </summary>
                  <ul className="mt-1.5 flex max-w-64 flex-wrap gap-1">
                    {key.permissions.map((permission) => (
                      <li key={permission}>
                        <Badge variant="outline" className="font-mono text-[11px]">
                          {permission}
                        </Badge>
                      </li>
                    ))}
                  </ul>
                </details>
              </TableCell>
              <TableCell className="hidden md:table-cell">
                {key.created_by_name ?? "A former member"}
              </TableCell>
              <TableCell className="hidden md:table-cell">
                {key.last_used_at ? <RelativeTime date={key.last_used_at} /> : "Never"}
              </TableCell>
              <TableCell className="hidden sm:table-cell">
                {key.expires_at ? <ShortDate date={key.expires_at} /> : "Never"}
              </TableCell>
              <TableCell>
                <Badge variant={status.variant}>{status.label}</Badge>
              </TableCell>
              {canRevoke ? (
                <TableCell className="text-right">
                  {status.label === "Revoked" ? null : (
                    <RevokeApiKeyButton slug={slug} keyId={key.id} name={key.name} />
                  )}
                </TableCell>
              ) : null}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
