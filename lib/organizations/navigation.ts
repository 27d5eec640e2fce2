import { can } from "./can";
import type { OrganizationContext } from "./context";

/** Icons are named, not passed as components: the nav is built on the server, drawn on the client. */
export type NavIcon =
  | "dashboard"
  | "workflows"
  | "agents"
  | "projects"
  | "blueprints"
  | "runs"
  | "bots"
  | "inbox"
  | "contacts"
  | "commissions"
  | "members"
  | "team"
  | "audit"
  | "billing"
  | "settings"
  | "permissions"
  | "api-keys"
  | "webhooks"
  | "trash"
  | "integrations";

export type NavItem = {
  href: string;
  label: string;
  /** A label that makes sense out of its group (phones show the items in one row). */
  shortLabel?: string;
  icon: NavIcon;
  /** Active only on its own page, not on the pages below it. */
  exact?: boolean;
};

export type NavGroup = { label?: string; items: NavItem[] };

/**
 * The organization's navigation, holding only what the member may open, so nobody is shown a link
 * to a page that would refuse them. Pages check the same permissions again.
 */
export function organizationNav(slug: string, context: Pick<OrganizationContext, "permissions">): NavGroup[] {
  const base = `/o/${slug}`;
  const main: NavItem[] = [{ href: base, label: "Dashboard", icon: "dashboard", exact: true }];
  if (can(context, "workflows", "read"))
    main.push({ href: `${base}/workflows`, label: "Workflows", icon: "workflows" });
  if (can(context, "agents", "read")) main.push({ href: `${base}/agents`, label: "Agents", icon: "agents" });
  if (can(context, "projects", "read"))
    main.push({ href: `${base}/projects`, label: "Projects", icon: "projects" });
  if (can(context, "blueprints", "read"))
    main.push({ href: `${base}/blueprints`, label: "Blueprints", icon: "blueprints" });
  if (can(context, "executions", "read")) main.push({ href: `${base}/runs`, label: "Runs", icon: "runs" });
  if (can(context, "bots", "read")) main.push({ href: `${base}/bots`, label: "Chatbots", icon: "bots" });
  if (can(context, "conversations", "read"))
    main.push({ href: `${base}/inbox`, label: "Inbox", icon: "inbox" });
  if (can(context, "contacts", "read"))
    main.push({ href: `${base}/contacts`, label: "Contacts", icon: "contacts" });
  if (can(context, "commissions", "read"))
    main.push({ href: `${base}/commissions`, label: "Commissions", icon: "commissions" });
  else if (can(context, "sales", "read"))
    main.push({ href: `${base}/commissions/transactions`, label: "Sales", icon: "commissions" });
  if (can(context, "members", "read"))
    main.push({ href: `${base}/members`, label: "Members", icon: "members" });
  if (can(context, "team_members", "read")) main.push({ href: `${base}/team`, label: "Team", icon: "team" });
  if (can(context, "audit_logs", "read"))
    main.push({ href: `${base}/audit-log`, label: "Audit log", icon: "audit" });
  if (can(context, "workflows", "delete"))
    main.push({ href: `${base}/trash`, label: "Trash", icon: "trash" });
  // Every member sees the plan and its limits; choosing a plan is for billing:update.
  main.push({ href: `${base}/billing`, label: "Billing", icon: "billing" });

  const settings: NavItem[] = [];
  if (can(context, "organizations", "update")) {
    settings.push(
      { href: `${base}/settings`, label: "General", shortLabel: "Settings", icon: "settings", exact: true },
      { href: `${base}/settings/permissions`, label: "Permissions", icon: "permissions" },
    );
  }
  if (can(context, "api_keys", "read"))
    settings.push({ href: `${base}/settings/api-keys`, label: "API keys", icon: "api-keys" });
  if (can(context, "webhooks", "read"))
    settings.push({ href: `${base}/settings/webhooks`, label: "Webhooks", icon: "webhooks" });
  if (can(context, "integrations", "read"))
    settings.push({ href: `${base}/settings/integrations`, label: "Integrations", icon: "integrations" });

  return settings.length > 0 ? [{ items: main }, { label: "Settings", items: settings }] : [{ items: main }];
}

/** True when `pathname` is the item's page (or, unless `exact`, a page below it). */
export function isNavItemActive(pathname: string, item: Pick<NavItem, "href" | "exact">): boolean {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  return path === item.href || (!item.exact && path.startsWith(`${item.href}/`));
}

/** The organization slug in an `/o/<slug>/…` path, if any. */
export function slugFromPath(pathname: string): string | null {
  const match = /^\/o\/([^/]+)/.exec(pathname);
  return match ? decodeURIComponent(match[1]!) : null;
}
