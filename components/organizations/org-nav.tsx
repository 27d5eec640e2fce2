"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import {
  Bot,
  CreditCard,
  FolderKanban,
  HandCoins,
  History,
  Inbox,
  LayoutTemplate,
  KeyRound,
  LayoutDashboard,
  Plug,
  ScrollText,
  Settings,
  ShieldCheck,
  Sparkles,
  UsersRound,
  Contact,
  BookUser,
  Trash2,
  Webhook,
  Workflow,
  type LucideIcon,
} from "lucide-react";
import { isNavItemActive, type NavGroup, type NavIcon } from "@/lib/organizations/navigation";
import { cn } from "@/lib/utils/cn";

const icons: Record<NavIcon, LucideIcon> = {
  dashboard: LayoutDashboard,
  workflows: Workflow,
  agents: Sparkles,
  projects: FolderKanban,
  blueprints: LayoutTemplate,
  runs: History,
  bots: Bot,
  inbox: Inbox,
  contacts: BookUser,
  commissions: HandCoins,
  members: UsersRound,
  team: Contact,
  audit: ScrollText,
  billing: CreditCard,
  settings: Settings,
  permissions: ShieldCheck,
  "api-keys": KeyRound,
  webhooks: Webhook,
  trash: Trash2,
  integrations: Plug,
};

/**
 * The organization's section navigation: a sidebar from tablet width up, a row of tabs that
 * scrolls sideways on phones. Built on the server from what the member may open.
 */
export function OrgNav({ groups, organizationName }: { groups: NavGroup[]; organizationName: string }) {
  const pathname = usePathname();
  return (
    <nav
      aria-label={`${organizationName} sections`}
      className="-mx-4 border-b px-4 md:sticky md:top-20 md:mx-0 md:w-52 md:shrink-0 md:self-start md:border-0 md:px-0"
    >
      <div className="flex [scrollbar-width:none] gap-1 overflow-x-auto pb-2 md:flex-col md:gap-5 md:overflow-visible md:pb-0">
        {groups.map((group, i) => (
          <div key={group.label ?? i} className="flex gap-1 md:flex-col">
            {group.label ? (
              <p className="hidden px-3 pb-1 text-xs font-medium text-muted-foreground md:block">
                {group.label}
              </p>
            ) : null}
            <ul className="flex gap-1 md:flex-col">
              {group.items.map((item) => {
                const Icon = icons[item.icon];
                const active = isNavItemActive(pathname, item);
                return (
                  <li key={item.href} className="shrink-0">
                    <Link
                      href={item.href}
                      aria-current={active ? "page" : undefined}
                      className={cn(
                        "flex items-center gap-2.5 rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap text-muted-foreground transition-colors outline-none hover:bg-accent hover:text-accent-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50 md:py-2",
                        active && "bg-accent text-accent-foreground",
                      )}
                    >
                      <Icon className="size-4 shrink-0" aria-hidden="true" />
                      {item.shortLabel ? (
                        <>
                          <span className="md:hidden">{item.shortLabel}</span>
                          <span className="hidden md:inline">{item.label}</span>
                        </>
                      ) : (
                        item.label
                      )}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </div>
        ))}
      </div>
    </nav>
  );
}
