"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { Check, ChevronsUpDown, Plus } from "lucide-react";
import { OrgAvatar } from "@/components/organizations/org-avatar";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { slugFromPath } from "@/lib/organizations/navigation";
import { roleLabels, type Role } from "@/lib/organizations/schema";

export type SwitcherOrganization = { name: string; slug: string; role: Role };

/** The top bar's organization menu: the one open now, the others to switch to, and "Create". */
export function OrgSwitcher({ organizations }: { organizations: SwitcherOrganization[] }) {
  const slug = slugFromPath(usePathname());
  const current = organizations.find((o) => o.slug === slug);

  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        className="flex h-8 max-w-[46vw] min-w-0 items-center gap-2 rounded-md px-2 text-sm font-medium outline-none hover:bg-accent hover:text-accent-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50 data-[state=open]:bg-accent sm:max-w-64"
        aria-label={current ? `Organization: ${current.name}. Switch organization` : "Choose an organization"}
      >
        {current ? <OrgAvatar name={current.name} /> : null}
        <span className="truncate">{current?.name ?? "Organizations"}</span>
        <ChevronsUpDown className="size-3.5 shrink-0 text-muted-foreground" aria-hidden="true" />
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-72 max-w-[calc(100vw-2rem)]">
        <DropdownMenuLabel>Your organizations</DropdownMenuLabel>
        {organizations.map((organization) => (
          <DropdownMenuItem key={organization.slug} asChild>
            <Link
              href={`/o/${organization.slug}`}
              aria-current={organization.slug === slug ? "page" : undefined}
            >
              <OrgAvatar name={organization.name} />
              <span className="flex min-w-0 flex-1 flex-col">
                <span className="truncate">{organization.name}</span>
                <span className="text-xs text-muted-foreground">{roleLabels[organization.role]}</span>
              </span>
              {organization.slug === slug ? <Check className="text-foreground" aria-hidden="true" /> : null}
            </Link>
          </DropdownMenuItem>
        ))}
        {organizations.length > 0 ? <DropdownMenuSeparator /> : null}
        <DropdownMenuItem asChild>
          <Link href="/organizations/new">
            <Plus aria-hidden="true" />
            Create organization
          </Link>
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
