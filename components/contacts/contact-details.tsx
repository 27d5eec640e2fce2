import Link from "next/link";
import { MergeDuplicateButton } from "@/components/contacts/merge-duplicate-button";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CONTACT_SOURCES, contactName, type Contact } from "@/lib/contacts/schemas";

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[7rem_minmax(0,1fr)] gap-2 text-sm">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="break-words">{children}</dd>
    </div>
  );
}

/** The contact's details and tags, and other contacts that look like the same person. */
export function ContactDetails({
  slug,
  contact,
  duplicates,
}: {
  slug: string;
  contact: Contact;
  duplicates: Contact[];
}) {
  const name = contactName(contact);
  return (
    <div className="flex flex-col gap-6">
      <Card>
        <CardHeader>
          <CardTitle className="text-base">Details</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-2">
            <Row label="Email">
              {contact.email ? <a href={`mailto:${contact.email}`}>{contact.email}</a> : "—"}
            </Row>
            <Row label="Phone">
              {contact.phone ? <a href={`tel:${contact.phone}`}>{contact.phone}</a> : "—"}
            </Row>
            <Row label="Company">{contact.company_name ?? "—"}</Row>
            <Row label="Source">{CONTACT_SOURCES[contact.source]}</Row>
            {contact.ghl_contact_id ? <Row label="GoHighLevel id">{contact.ghl_contact_id}</Row> : null}
            <Row label="Added">{contact.created_at.toISOString().slice(0, 10)}</Row>
            <Row label="Tags">
              {contact.tags.length > 0 ? (
                <ul className="flex flex-wrap gap-1" aria-label="Tags">
                  {contact.tags.map((t) => (
                    <li key={t}>
                      <Badge variant="secondary">{t}</Badge>
                    </li>
                  ))}
                </ul>
              ) : (
                "None"
              )}
            </Row>
          </dl>
        </CardContent>
      </Card>
      {duplicates.length > 0 ? (
        <Card>
          <CardHeader>
            <CardTitle className="text-base">Possible duplicates</CardTitle>
            <CardDescription>Same phone, name or email name as {name}.</CardDescription>
          </CardHeader>
          <CardContent>
            <ul className="flex flex-col gap-3">
              {duplicates.map((d) => (
                <li key={d.id} className="flex flex-col gap-2 rounded-md border p-3 text-sm">
                  <Link
                    href={`/o/${slug}/contacts/${d.id}`}
                    className="font-medium underline-offset-4 hover:underline"
                  >
                    {contactName(d)}
                  </Link>
                  <span className="truncate text-muted-foreground">
                    {[d.email, d.phone].filter(Boolean).join(" · ") || CONTACT_SOURCES[d.source]}
                  </span>
                  <MergeDuplicateButton
                    slug={slug}
                    primaryId={contact.id}
                    primaryName={name}
                    duplicateId={d.id}
                    duplicateName={contactName(d)}
                  />
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}
