import type { Metadata } from "next";
import Link from "next/link";
import { PermissionMatrix } from "@/components/organizations/settings/permission-matrix";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/organizations/can";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";
import { getPermissionMatrix } from "@/lib/organizations/permission-matrix";
import { ROLES, roleDescriptions, roleLabels, type Role } from "@/lib/organizations/schema";
import { cn } from "@/lib/utils/cn";
import { firstParam } from "@/lib/utils/search-params";

export const metadata: Metadata = { title: "Permissions" };

const TAB_ORDER: readonly Role[] = ["administrator", "sales", "bot_trainer", "viewer", "owner"];

export default async function PermissionsPage(props: OrganizationPageProps) {
  const { slug, search, org, read } = await openOrganizationPage(props, {
    path: "/settings/permissions",
    permission: ["organizations", "read"],
  });
  const requested = firstParam(search.role);
  const role: Role = ROLES.includes(requested as Role) ? (requested as Role) : "administrator";
  const matrix = await read((tx) => getPermissionMatrix(tx, org.organization.id));
  const path = `/o/${slug}/settings/permissions`;

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Roles and permissions"
        description="What each role may do in this organization. Every member has one role; the database enforces these rules on every request."
      />
      <nav aria-label="Roles" className="-mx-4 [scrollbar-width:none] overflow-x-auto px-4 sm:mx-0 sm:px-0">
        <ul className="flex w-max gap-1 rounded-lg bg-muted p-1">
          {TAB_ORDER.map((tab) => (
            <li key={tab}>
              <Link
                href={tab === "administrator" ? path : `${path}?role=${tab}`}
                aria-current={tab === role ? "page" : undefined}
                scroll={false}
                className={cn(
                  "block rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap text-muted-foreground outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50",
                  tab === role && "bg-background text-foreground shadow-xs",
                )}
              >
                {roleLabels[tab]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <section aria-labelledby="role-heading" className="flex flex-col gap-4">
        <div className="flex flex-col gap-1">
          <h2 id="role-heading" className="text-base font-semibold">
            {roleLabels[role]}
          </h2>
          <p className="text-sm text-muted-foreground">{roleDescriptions[role]}</p>
        </div>
        <PermissionMatrix
          key={role}
          slug={slug}
          role={role}
          resources={matrix.resources}
          granted={[...matrix.granted].filter((key) => key.startsWith(`${role}:`))}
          editable={can(org, "organizations", "update")}
        />
      </section>
    </div>
  );
}
