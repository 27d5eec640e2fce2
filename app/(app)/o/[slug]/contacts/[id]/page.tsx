import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { ContactActivity } from "@/components/contacts/contact-activity";
import { ContactDetails } from "@/components/contacts/contact-details";
import { DeleteContactButton, EditContactButton } from "@/components/contacts/contact-actions";
import { PageHeader } from "@/components/ui/page-header";
import { contactActivity, duplicateCandidates, getContact } from "@/lib/contacts/queries";
import { contactName } from "@/lib/contacts/schemas";
import { can } from "@/lib/organizations/can";
import { openOrganizationPage } from "@/lib/organizations/page";

export const metadata: Metadata = { title: "Contact" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function ContactPage(props: { params: Promise<{ slug: string; id: string }> }) {
  const { id } = await props.params;
  const { slug, org, read } = await openOrganizationPage(props, {
    path: `/contacts/${UUID.test(id) ? id : ""}`,
    permission: ["contacts", "read"],
  });
  if (!UUID.test(id)) notFound();
  const organizationId = org.organization.id;
  const may = {
    conversations: can(org, "conversations", "read"),
    sales: can(org, "sales", "read"),
    runs: can(org, "executions", "read"),
  };
  const canUpdate = can(org, "contacts", "update");
  const canDelete = can(org, "contacts", "delete");
  const data = await read(async (tx) => {
    const contact = await getContact(tx, organizationId, id);
    if (!contact) return null;
    const [activity, duplicates] = await Promise.all([
      contactActivity(tx, organizationId, contact, may),
      canUpdate && canDelete ? duplicateCandidates(tx, organizationId, contact) : [],
    ]);
    return { contact, activity, duplicates };
  });
  if (!data) notFound();
  const { contact, activity, duplicates } = data;
  const name = contactName(contact);

  return (
    <div className="flex flex-col gap-6">
      <Link
        href={`/o/${slug}/contacts`}
        className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
      >
        <ArrowLeft className="size-4" aria-hidden="true" />
        All contacts
      </Link>
      <PageHeader
        title={name}
        description={
          [contact.email, contact.phone, contact.company_name].filter(Boolean).join(" · ") || undefined
        }
        actions={
          <div className="flex flex-wrap gap-2">
            {canUpdate ? (
              <EditContactButton
                slug={slug}
                id={contact.id}
                values={{
                  first_name: contact.first_name ?? "",
                  last_name: contact.last_name ?? "",
                  email: contact.email ?? "",
                  phone: contact.phone ?? "",
                  company_name: contact.company_name ?? "",
                  tags: contact.tags.join(", "),
                }}
              />
            ) : null}
            {canDelete ? <DeleteContactButton slug={slug} id={contact.id} name={name} /> : null}
          </div>
        }
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,20rem)_minmax(0,1fr)]">
        <ContactDetails slug={slug} contact={contact} duplicates={duplicates} />
        <ContactActivity slug={slug} activity={activity} may={may} />
      </div>
    </div>
  );
}
