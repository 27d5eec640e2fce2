import "server-only";
import { z } from "zod";
import { createContact, deleteContact, updateContact } from "@/lib/contacts/contacts";
import { contactFieldsSchema, contactRowSchema, contactSourceSchema } from "@/lib/contacts/schemas";
import { listPage, pageQuerySchema, pageSchema, readOne, type ListSource } from "@/lib/db/pagination";
import { deletedSchema, endpoint, idParams } from "../endpoint";
import { createdRangeQuery, timestamp, validated } from "./shared";

/** A contact on the wire: the pages' row, its times in ISO 8601. */
export const contactSchema = contactRowSchema
  .omit({ merged_contact_ids: true })
  .extend({ created_at: timestamp, updated_at: timestamp });

const source: ListSource = {
  table: "public.contacts",
  columns: `t.id, t.first_name, t.last_name, t.email::text as email, t.phone, t.company_name, t.tags, t.source,
            t.ghl_contact_id, t.created_at, t.updated_at`,
};
const NOT_FOUND = "This contact does not exist.";

const fields = {
  first_name: z.string().max(200).nullable().optional(),
  last_name: z.string().max(200).nullable().optional(),
  email: z.string().max(320).nullable().optional(),
  phone: z.string().max(40).nullable().optional(),
  company_name: z.string().max(200).nullable().optional(),
  tags: z.array(z.string().max(100)).max(100).optional(),
};
const contactInputSchema = z.object(fields).describe("At least a name, an email or a phone number.");

const listQuery = pageQuerySchema.extend({
  email: z.string().max(320).optional().describe("Only the contact with this email."),
  tag: z.string().max(100).optional().describe("Only contacts with this tag."),
  source: contactSourceSchema.optional(),
  ...createdRangeQuery,
});

export const contactEndpoints = {
  list: endpoint({
    method: "get",
    path: "/api/v1/contacts",
    operationId: "listContacts",
    summary: "List contacts, newest first",
    tag: "Contacts",
    permission: ["contacts", "read"],
    query: listQuery,
    response: pageSchema(contactSchema),
    handler: ({ tx, organizationId, query: q }) =>
      listPage(
        tx,
        organizationId,
        source,
        q,
        contactSchema,
        tx`${q.email ? tx`t.email = ${q.email}` : tx`true`}
           and ${q.tag ? tx`t.tags @> array[${q.tag}]::text[]` : tx`true`}
           and ${q.source ? tx`t.source = ${q.source}` : tx`true`}
           and ${q.created_after ? tx`t.created_at > ${q.created_after}` : tx`true`}
           and ${q.created_before ? tx`t.created_at < ${q.created_before}` : tx`true`}`,
      ),
  }),
  read: endpoint({
    method: "get",
    path: "/api/v1/contacts/{id}",
    operationId: "getContact",
    summary: "A contact",
    tag: "Contacts",
    permission: ["contacts", "read"],
    params: idParams("contact"),
    response: contactSchema,
    responseName: "Contact",
    handler: ({ tx, organizationId, params }) =>
      readOne(tx, organizationId, source, params.id, contactSchema, NOT_FOUND),
  }),
  create: endpoint({
    method: "post",
    path: "/api/v1/contacts",
    operationId: "createContact",
    summary: "Add a contact",
    tag: "Contacts",
    permission: ["contacts", "create"],
    body: contactInputSchema,
    response: contactSchema,
    status: 201,
    handler: async ({ tx, organizationId, body }) => {
      const id = await createContact(tx, organizationId, validated(contactFieldsSchema, body), "api");
      return readOne(tx, organizationId, source, id, contactSchema, NOT_FOUND);
    },
  }),
  update: endpoint({
    method: "patch",
    path: "/api/v1/contacts/{id}",
    operationId: "updateContact",
    summary: "Change a contact's fields (those sent; the others stay)",
    tag: "Contacts",
    permission: ["contacts", "update"],
    params: idParams("contact"),
    body: contactInputSchema,
    response: contactSchema,
    handler: async ({ tx, organizationId, params, body }) => {
      const current = await readOne(tx, organizationId, source, params.id, contactSchema, NOT_FOUND);
      const merged = validated(contactFieldsSchema, { ...current, ...body });
      await updateContact(tx, organizationId, params.id, merged);
      return readOne(tx, organizationId, source, params.id, contactSchema, NOT_FOUND);
    },
  }),
  delete: endpoint({
    method: "delete",
    path: "/api/v1/contacts/{id}",
    operationId: "deleteContact",
    summary: "Delete a contact",
    tag: "Contacts",
    permission: ["contacts", "delete"],
    params: idParams("contact"),
    response: deletedSchema,
    handler: async ({ tx, organizationId, params }) => {
      await deleteContact(tx, organizationId, params.id);
      return { id: params.id, deleted: true as const };
    },
  }),
};
