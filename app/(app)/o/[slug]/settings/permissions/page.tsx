import { CurrentTabIntoView } from "@/components/organizations/settings/current-tab-into-view";
import type { Metadata } from "next";
import Link from "next/link";
import { Plus } from "lucide-react";
import {
  CreateCustomRoleForm,
  EditCustomRoleForm,
} from "@/components/organizations/settings/custom-role-forms";
import { PermissionMatrix } from "@/components/organizations/settings/permission-matrix";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/organizations/can";
import { listCustomRoles } from "@/lib/organizations/custom-roles";
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
  const [matrix, customRoles] = await Promise.all([
    read((tx) => getPermissionMatrix(tx, org.organization.id)),
    read((tx) => listCustomRoles(tx, org.organization.id)),
  ]);
  const editable = can(org, "organizations", "update");
  const requested = firstParam(search.role) ?? "";
  const custom = customRoles.find((r) => r.id === requested) ?? null;
  const creating = requested === "new" && editable;
  const role: Role = ROLES.includes(requested as Role) ? (requested as Role) : "administrator";
  const selected = creating ? "new" : custom ? custom.id : role;
  const path = `/o/${slug}/settings/permissions`;
  const tabs = [
    ...TAB_ORDER.map((tab) => ({ id: tab as string, label: roleLabels[tab] })),
    ...customRoles.map((r) => ({ id: r.id, label: r.name })),
  ];

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Roles and permissions"
        description="What each role may do in this organization. Every member has one role (and may have permissions of their own, on their member page); the database enforces these rules on every request."
      />
      <RolesNav path={path} tabs={tabs} selected={selected} creating={creating} editable={editable} />
      {creating ? (
        <section aria-labelledby="role-heading" className="flex max-w-2xl flex-col gap-4">
          <div className="flex flex-col gap-1">
            <h2 id="role-heading" className="text-base font-semibold">
              New role
            </h2>
            <p className="text-sm text-muted-foreground">
              A role of your own beside the five: give it a name, then pick what it may do. Members who get it
              have its permissions instead of their base role&apos;s.
            </p>
          </div>
          <CreateCustomRoleForm slug={slug} />
        </section>
      ) : custom ? (
        <section aria-labelledby="role-heading" className="flex flex-col gap-4">
          <div className="flex flex-col gap-1">
            <h2 id="role-heading" className="text-base font-semibold">
              {custom.name}
            </h2>
            <p className="text-sm text-muted-foreground">
              {custom.description || "A custom role."}{" "}
              {custom.members === 1 ? "1 member has it." : `${custom.members} members have it.`}
            </p>
          </div>
          {editable ? (
            <div className="max-w-2xl">
              <EditCustomRoleForm key={custom.id} slug={slug} role={custom} />
            </div>
          ) : null}
          <PermissionMatrix
            key={custom.id}
            slug={slug}
            subject={{ customRole: { id: custom.id, name: custom.name } }}
            resources={matrix.resources}
            granted={custom.permissions.map((p) => `${custom.id}:${p}`)}
            editable={editable}
          />
        </section>
      ) : (
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
            subject={{ role }}
            resources={matrix.resources}
            granted={[...matrix.granted].filter((key) => key.startsWith(`${role}:`))}
            editable={editable}
          />
        </section>
      )}
    </div>
  );
}

function RolesNav({
  path,
  tabs,
  selected,
  creating,
  editable,
}: {
  path: string;
  tabs: { id: string; label: string }[];
  selected: string;
  creating: boolean;
  editable: boolean;
}) {
  return (
    <nav aria-label="Roles" className="-mx-4 [scrollbar-width:none] overflow-x-auto px-4 sm:mx-0 sm:px-0">
      <CurrentTabIntoView current={selected} />
      <ul className="flex w-max gap-1 rounded-lg bg-muted p-1">
        {tabs.map((tab) => (
          <li key={tab.id}>
            <Link
              href={tab.id === "administrator" ? path : `${path}?role=${tab.id}`}
              aria-current={tab.id === selected ? "page" : undefined}
              scroll={false}
              className={cn(
                "block max-w-48 truncate rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap text-muted-foreground outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50",
                tab.id === selected && "bg-background text-foreground shadow-xs",
              )}
            >
              {tab.label}
            </Link>
          </li>
        ))}
        {editable ? (
          <li>
            <Link
              href={`${path}?role=new`}
              aria-current={creating ? "page" : undefined}
              scroll={false}
              className={cn(
                "flex items-center gap-1 rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap text-muted-foreground outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50",
                creating && "bg-background text-foreground shadow-xs",
              )}
            >
              <Plus className="size-4" aria-hidden="true" />
              New role
            </Link>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
