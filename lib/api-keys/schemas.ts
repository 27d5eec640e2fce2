import { z } from "zod";

/** What the REST API's `/me` and `/organization` answer, as JSON on the wire (the OpenAPI document's source). */

export const apiIdentitySchema = z.object({
  key: z.object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().describe("The key's first characters, as shown in Settings → API keys."),
    permissions: z.array(z.string()).describe('The key\'s permissions, as "resource:action".'),
  }),
  user: z.object({
    id: z.uuid(),
    email: z.string().optional(),
    display_name: z.string().nullable().optional(),
  }),
  organization: z.object({ id: z.uuid() }),
});

export const apiOrganizationSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  status: z.enum(["active", "suspended", "cancelled"]),
  plan: z.string(),
  subscription_status: z.enum(["trialing", "active", "past_due", "canceled", "unpaid", "incomplete"]),
  created_at: z.iso.datetime({ offset: true }),
  limits: z.object({
    users: z.int(),
    workflows: z.int(),
    bots: z.int(),
    executions_per_month: z.int(),
  }),
  usage: z.object({ executions_this_month: z.int() }),
});
