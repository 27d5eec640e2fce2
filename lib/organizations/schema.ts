import { z } from "zod";

export const ROLES = ["owner", "administrator", "sales", "bot_trainer", "viewer"] as const;
export const ASSIGNABLE_ROLES = ["administrator", "sales", "bot_trainer", "viewer"] as const;
export const ACTIONS = ["create", "read", "update", "delete", "approve"] as const;

export type Role = (typeof ROLES)[number];
export type PermissionAction = (typeof ACTIONS)[number];
/** What the current member may do: `{ members: ["create", "read"], … }`. */
export type Permissions = Partial<Record<string, PermissionAction[]>>;

export const roleLabels: Record<Role, string> = {
  owner: "Owner",
  administrator: "Administrator",
  sales: "Sales",
  bot_trainer: "Bot trainer",
  viewer: "Viewer",
};

/** What each role does with the default permissions (an organization may change them). */
export const roleDescriptions: Record<Role, string> = {
  owner: "Everything, including billing, deleting the organization and managing owners.",
  administrator: "Everything except deleting the organization.",
  sales: "Works contacts, conversations and sales; sees the team and commissions.",
  bot_trainer: "Builds and trains chatbots; reads workflows and conversations.",
  viewer: "Reads most things and changes nothing.",
};

export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, "Use at least 3 characters.")
  .max(63, "Use at most 63 characters.")
  .regex(/^[a-z0-9-]+$/, "Use lowercase letters, digits and hyphens only.");

export const organizationNameSchema = z
  .string()
  .trim()
  .min(2, "Use at least 2 characters.")
  .max(255, "Use at most 255 characters.");

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address."))
  .pipe(z.string().max(320, "That email address is too long."));

export const organizationRowSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  status: z.enum(["active", "suspended", "cancelled"]),
  subscription_plan: z.string(),
  subscription_status: z.string(),
  max_users: z.number().int(),
  max_workflows: z.number().int(),
  max_bots: z.number().int(),
  max_executions_per_month: z.number().int(),
  executions_this_month: z.number().int(),
  settings: z.record(z.string(), z.unknown()),
  created_at: z.date(),
});
export type Organization = z.infer<typeof organizationRowSchema>;

export const organizationColumns = [
  "id",
  "name",
  "slug",
  "status",
  "subscription_plan",
  "subscription_status",
  "max_users",
  "max_workflows",
  "max_bots",
  "max_executions_per_month",
  "executions_this_month",
  "settings",
  "created_at",
] as const;
