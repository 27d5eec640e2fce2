import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { CustomRoleForm } from "@/components/organizations/members/custom-role-form";
import { MemberPermissions } from "@/components/organizations/members/member-permissions";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/organizations/can";
import { listCustomRoles, readMemberAccess } from "@/lib/organizations/custom-roles";
import { openOrganizationPage } from "@/lib/organizations/page";
import { listPermissionResources } from "@/lib/organizations/permission-matrix";
import { roleLabels } from "@/lib/organizations/schema";

export const metadata: Metadata = { title: "Member permissions" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One member's permissions: a custom role, and single permissions granted or revoked for them. */
export default async function MemberPermissionsPage(props: {
  params: Promise<{ slug: string; id: string }>;
}) {
  const { id } = await props.params;
  const { slug, claims, org, read } = await openOrganizationPage(props, {
    path: `/members/${UUID.test(id) ? id : ""}`,
    permission: ["members", "read"],
  });
  if (!UUID.test(id)) notFound();
  const organizationId = org.organization.id;
  const [access, roles, resources] = await Promise.all([
    read((tx) => readMemberAccess(tx, organizationId, id)),
    read((tx) => listCustomRoles(tx, organizationId)),
    read((tx) => listPermissionResources(tx)),
  ]);
  if (!access) notFound();
  const self = access.user_id === claims.sub;
  const editable = can(org, "members", "update") && !self && access.role !== "owner";
  const customRole = roles.find((r) => r.id === access.custom_role_id);

  return (
    <div className="flex flex-col gap-6">
      <Link
        href={`/o/${slug}/members`}
        className="inline-flex w-fit items-center gap-1.5 text-sm text-muted-foreground hover:text-foreground"
      >
        <ArrowLeft className="size-4" aria-hidden="true" />
        Members
      </Link>
      <PageHeader
        title={`${access.name}'s permissions`}
        description={`${access.email ?? ""} · ${roleLabels[access.role]}${customRole ? ` with the custom role ${customRole.name}` : ""}`}
      />
      {access.role === "owner" ? (
        <Alert title="Owners can do everything">
          That can&apos;t be narrowed, so an organization always has someone who can manage it.
        </Alert>
      ) : (
        <>
          {self ? (
            <Alert title="These are your own permissions">
              Nobody changes their own permissions; another member who may manage members can.
            </Alert>
          ) : !editable ? (
            <Alert title="You can look, not change">
              Changing a member&apos;s permissions needs Members: update.
            </Alert>
          ) : null}
          <section aria-labelledby="role-heading" className="flex flex-col gap-3">
            <h2 id="role-heading" className="text-base font-semibold">
              Role
            </h2>
            <p className="text-sm text-muted-foreground">
              Their role is changed on the members list.{" "}
              {roles.length === 0 ? (
                <>
                  Roles of your own are made in{" "}
                  <Link
                    className="text-primary underline-offset-4 hover:underline"
                    href={`/o/${slug}/settings/permissions?role=new`}
                  >
                    Roles and permissions
                  </Link>
                  .
                </>
              ) : (
                "A custom role replaces their role's permissions."
              )}
            </p>
            <CustomRoleForm
              key={access.id}
              slug={slug}
              memberId={access.id}
              baseRoleLabel={roleLabels[access.role]}
              current={access.custom_role_id}
              roles={roles}
              editable={editable && roles.length > 0}
            />
          </section>
          <section aria-labelledby="permissions-heading" className="flex flex-col gap-3">
            <h2 id="permissions-heading" className="text-base font-semibold">
              What {access.name} may do
            </h2>
            <MemberPermissions
              key={`${access.custom_role_id ?? access.role}`}
              slug={slug}
              memberId={access.id}
              name={access.name}
              resources={resources}
              base={access.base}
              overrides={access.overrides}
              editable={editable}
            />
          </section>
        </>
      )}
    </div>
  );
}
