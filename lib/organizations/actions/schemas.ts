import { z } from "zod";
import { teamMemberInputSchema } from "../team-members";
import { ACTIONS, ASSIGNABLE_ROLES, emailSchema, organizationNameSchema, ROLES, slugSchema } from "../schema";

/**
 * Form schemas of the organization server actions (the actions themselves are in the files beside
 * this one; a "use server" module may export only async functions). Every form of an organization
 * also carries the hidden `organization` field that defineOrgAction reads.
 */

const blankToUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

const id = (message = "That item could not be found.") => z.uuid(message);

export const createOrganizationSchema = z.object({
  name: organizationNameSchema,
  slug: z.preprocess(blankToUndefined, slugSchema.optional()),
});

export const updateOrganizationSchema = z.object({ name: organizationNameSchema, slug: slugSchema });

export const deleteOrganizationSchema = z.object({
  confirm: z.string({ error: "Type the organization's URL name to confirm." }).trim(),
});

export const inviteMemberSchema = z.object({
  email: z.string({ error: "Enter an email address." }).pipe(emailSchema),
  role: z.enum(ASSIGNABLE_ROLES, { error: "Choose a role." }),
});

export const memberIdSchema = z.object({ member_id: id("That member could not be found.") });

export const changeMemberRoleSchema = memberIdSchema.extend({
  role: z.enum(ROLES, { error: "Choose a role." }),
});

export const setMemberSuspendedSchema = memberIdSchema.extend({
  suspended: z.enum(["true", "false"]).transform((v) => v === "true"),
});

export const transferOwnershipSchema = z.object({ user_id: id("That member could not be found.") });

export const invitationIdSchema = z.object({ invitation_id: id("That invitation is no longer open.") });

export const invitationTokenSchema = z.object({
  token: z.string().trim().min(16, "This invitation link is not valid.").max(200),
});

export const teamMemberIdSchema = z.object({ id: id("That team member could not be found.") });

export const updateTeamMemberSchema = teamMemberInputSchema.and(teamMemberIdSchema);

/** The most CSV text (pasted or uploaded) one import reads. */
export const CSV_MAX_BYTES = 2 * 1024 * 1024;

export const importTeamMembersSchema = z
  .object({
    csv: z.preprocess(blankToUndefined, z.string().optional()),
    file: z.preprocess(
      (v) => (v instanceof Blob && v.size === 0 ? undefined : v),
      z
        .instanceof(Blob, { error: "Choose a CSV file." })
        .refine((f) => f.size <= CSV_MAX_BYTES, "The file may be at most 2 MB.")
        .optional(),
    ),
  })
  .refine((v) => v.csv !== undefined || v.file !== undefined, {
    message: "Choose a CSV file or paste the rows.",
    path: ["csv"],
  })
  .refine((v) => v.csv === undefined || Buffer.byteLength(v.csv) <= CSV_MAX_BYTES, {
    message: "Paste at most 2 MB of CSV.",
    path: ["csv"],
  });

export const resetRolePermissionsSchema = z.object({
  role: z.enum(ASSIGNABLE_ROLES, { error: "Owners always have every permission." }),
});

/** API key expiry choices, in days ("never": the key works until revoked). */
export const API_KEY_EXPIRY_OPTIONS = [
  { value: "never", label: "No expiry" },
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
] as const;

const PERMISSION = new RegExp(`^[a-z_]+:(${ACTIONS.join("|")})$`);

export const createApiKeySchema = z.object({
  name: z
    .string({ error: "Name the key." })
    .trim()
    .min(1, "Name the key, e.g. after the app that will use it.")
    .max(100, "Use at most 100 characters."),
  permissions: z
    .array(z.string().regex(PERMISSION, "Unknown permission."), { error: "Choose at least one permission." })
    .min(1, "Choose at least one permission."),
  expires_in: z
    .enum(["never", "30", "90", "365"], { error: "Choose when the key expires." })
    .default("never"),
});

/** When a key made now with `expiresIn` stops working (null: never). */
export function apiKeyExpiry(expiresIn: "never" | "30" | "90" | "365", now: Date = new Date()): Date | null {
  if (expiresIn === "never") return null;
  return new Date(now.getTime() + Number(expiresIn) * 24 * 60 * 60 * 1000);
}

export const apiKeyIdSchema = z.object({ key_id: id("That key does not exist or is already revoked.") });

// Custom roles and one member's overrides (custom-roles.ts).
const roleName = z
  .string({ error: "Give the role a name." })
  .trim()
  .min(1, "Give the role a name.")
  .max(60, "Use at most 60 characters.");
const roleDescription = z.string().trim().max(300, "Use at most 300 characters.").default("");
const permissionKey = z
  .string()
  .regex(/^[a-z_]{1,40}:(create|read|update|delete|approve)$/, "That permission does not exist.");

export const createCustomRoleSchema = z.object({
  name: roleName,
  description: roleDescription,
  copy_from: z
    .enum([...ASSIGNABLE_ROLES, "none"], { error: "Choose where its permissions start from." })
    .default("none")
    .transform((v) => (v === "none" ? null : v)),
});

export const updateCustomRoleSchema = z.object({
  id: id("That role could not be found."),
  name: roleName,
  description: roleDescription,
});

export const customRoleIdSchema = z.object({ id: id("That role could not be found.") });

export const setCustomRolePermissionSchema = z.object({
  id: id("That role could not be found."),
  resource: z.string().regex(/^[a-z_]{1,40}$/),
  action: z.enum(ACTIONS),
  allowed: z.enum(["true", "false"]).transform((v) => v === "true"),
});

export const setMemberCustomRoleSchema = z.object({
  member_id: id("That member could not be found."),
  custom_role_id: z.union([z.literal("").transform(() => null), id("That role could not be found.")]),
});

export const setMemberOverrideSchema = z.object({
  member_id: id("That member could not be found."),
  permission: permissionKey,
  state: z.enum(["inherit", "grant", "revoke"], { error: "Choose allowed, denied or as the role." }),
});
