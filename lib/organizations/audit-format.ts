import type { AuditEntry } from "./audit-log";
import { roleLabels, type Role } from "./schema";

/**
 * How audit entries read to people: "Ada updated Team member Bo Diaz", and each changed field as
 * "Commission rate: 5 → 7.5". Pure, so the log page and its tests share it.
 */

export const auditActionLabels = { insert: "created", update: "updated", delete: "deleted" } as const;

/** Table names as people say them, for the log and its filter. */
export const resourceTypeLabels: Record<string, string> = {
  organizations: "Organization",
  organization_members: "Member",
  invitations: "Invitation",
  team_members: "Team member",
  role_permissions: "Permission",
  api_keys: "API key",
};

type EntryShape = Pick<AuditEntry, "action" | "resource_type" | "changes">;

const SUBJECT_FIELDS = ["full_name", "name", "display_name", "email", "slug", "prefix"] as const;
/** Bookkeeping columns that say nothing to a reader. */
const HIDDEN_FIELDS = new Set(["id", "organization_id", "token_hash", "key_hash"]);

function pick(entry: EntryShape, field: string): unknown {
  const change = entry.changes[field];
  return change ? (change.after ?? change.before) : undefined;
}

/** The verb, the kind of thing, and which one (a name or email) when the change says. */
export function describeAuditEntry(entry: EntryShape): {
  verb: string;
  resource: string;
  subject: string | null;
} {
  const resource = resourceTypeLabels[entry.resource_type] ?? humanize(entry.resource_type);
  let subject: string | null = null;
  if (entry.resource_type === "role_permissions") {
    const role = pick(entry, "role");
    const parts = [pick(entry, "resource"), pick(entry, "action")].filter((p) => typeof p === "string");
    if (typeof role === "string" && parts.length === 2) {
      subject = `${roleLabels[role as Role] ?? humanize(role)}: ${parts.join(" ")}`;
    }
  } else {
    for (const field of SUBJECT_FIELDS) {
      const value = pick(entry, field);
      if (typeof value === "string" && value.trim()) {
        subject = value;
        break;
      }
    }
  }
  return { verb: auditActionLabels[entry.action], resource, subject };
}

export type FieldChange = { field: string; label: string; before?: string; after?: string };

/** The fields an entry touched, labelled and formatted, bookkeeping columns left out. */
export function changedFields(entry: EntryShape): FieldChange[] {
  return Object.entries(entry.changes)
    .filter(([field]) => !HIDDEN_FIELDS.has(field))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([field, change]) => ({
      field,
      label: humanize(field),
      ...("before" in change && entry.action !== "insert" ? { before: formatAuditValue(change.before) } : {}),
      ...("after" in change && entry.action !== "delete" ? { after: formatAuditValue(change.after) } : {}),
    }));
}

const MAX_VALUE_LENGTH = 140;

/** A stored value as short text: "empty", "Yes", "a, b", JSON for objects, cut to a readable size. */
export function formatAuditValue(value: unknown): string {
  let text: string;
  if (value === null || value === undefined || value === "") text = "empty";
  else if (typeof value === "boolean") text = value ? "Yes" : "No";
  else if (typeof value === "string") text = value;
  else if (typeof value === "number" || typeof value === "bigint") text = String(value);
  else if (Array.isArray(value) && value.every((v) => typeof v === "string" || typeof v === "number"))
    text = value.length === 0 ? "none" : value.join(", ");
  else text = JSON.stringify(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

/** "commission_rate" → "Commission rate". */
export function humanize(name: string): string {
  const words = name.replace(/_/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
