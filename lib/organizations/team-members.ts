import "server-only";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { AppError, toAppError } from "@/lib/errors";
import { parseCsv } from "@/lib/utils/csv";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters.`)
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional();

export const teamMemberInputSchema = z
  .object({
    full_name: z.string().trim().min(1, "Enter a name.").max(200, "Use at most 200 characters."),
    email: z
      .string()
      .trim()
      .toLowerCase()
      .max(320, "That email address is too long.")
      .refine((v) => v === "" || z.email().safeParse(v).success, "Enter a valid email address.")
      .transform((v) => (v === "" ? null : v))
      .nullable()
      .optional(),
    external_id: optionalText(255),
    member_type: z
      .enum(["sales", "support", "operations"], { error: "Choose sales, support or operations." })
      .default("sales"),
    commission_type: z
      .enum(["percentage", "flat"], { error: "Choose percentage or flat." })
      .default("percentage"),
    commission_rate: z
      .union([
        z.literal(""),
        z.coerce.number({ error: "Enter a number." }).min(0, "Use a rate of 0 or more."),
      ])
      .transform((v) => (v === "" ? null : v))
      .nullable()
      .optional(),
    user_id: z
      .union([z.literal(""), z.uuid("Choose a member.")])
      .transform((v) => (v === "" ? null : v))
      .nullable()
      .optional(),
  })
  .refine(
    (v) => v.commission_type !== "percentage" || v.commission_rate == null || v.commission_rate <= 100,
    {
      message: "A percentage is at most 100.",
      path: ["commission_rate"],
    },
  );
export type TeamMemberInput = z.output<typeof teamMemberInputSchema>;

export const teamMemberRowSchema = z.object({
  id: z.uuid(),
  full_name: z.string(),
  email: z.string().nullable(),
  external_id: z.string().nullable(),
  member_type: z.enum(["sales", "support", "operations"]),
  commission_type: z.enum(["percentage", "flat"]),
  commission_rate: z.string().nullable(),
  user_id: z.uuid().nullable(),
  linked_user_name: z.string().nullable(),
  status: z.enum(["active", "inactive"]),
  created_at: z.date(),
});
export type TeamMember = z.infer<typeof teamMemberRowSchema>;

export async function listTeamMembers(
  tx: Tx,
  organizationId: string,
  options: { query?: string; limit?: number; offset?: number } = {},
): Promise<{ teamMembers: TeamMember[]; total: number }> {
  const pattern = options.query ? `%${options.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = await tx`
      select t.id, t.full_name, t.email::text as email, t.external_id, t.member_type, t.commission_type,
             t.commission_rate::text as commission_rate, t.user_id,
             coalesce(d.display_name, d.email) as linked_user_name, t.status, t.created_at,
             count(*) over () as total
      from team_members t
      left join private.member_directory(${organizationId}) d on d.id = t.user_id
      where t.organization_id = ${organizationId}
        and (${pattern}::text is null or t.full_name ilike ${pattern} or t.email::text ilike ${pattern}
             or t.external_id ilike ${pattern})
      order by lower(t.full_name), t.id
      limit ${Math.min(options.limit ?? 50, 200)} offset ${options.offset ?? 0}`;
  return {
    teamMembers: z.array(teamMemberRowSchema).parse(rows.map(({ total: _t, ...r }) => r)),
    total: Number(rows[0]?.total ?? 0),
  };
}

function toColumns(input: TeamMemberInput) {
  return {
    full_name: input.full_name,
    email: input.email ?? null,
    external_id: input.external_id ?? null,
    member_type: input.member_type,
    commission_type: input.commission_type,
    commission_rate: input.commission_rate == null ? null : String(input.commission_rate),
    user_id: input.user_id ?? null,
  };
}

function duplicateExternalId(e: unknown, externalId: string | null | undefined): never {
  const pg = e as { code?: string; constraint_name?: string };
  if (pg.code === "23505" && pg.constraint_name?.includes("external_id")) {
    const message = `Another team member already has the external id "${externalId}".`;
    throw new AppError("conflict", message, { external_id: [message] });
  }
  if (pg.code === "23505" && pg.constraint_name?.includes("user_id")) {
    const message = "That login is already linked to another team member.";
    throw new AppError("conflict", message, { user_id: [message] });
  }
  throw e;
}

/** Adds a team member in the caller's transaction (RLS decides); 409 for a taken external id. */
export async function insertTeamMember(
  tx: Tx,
  organizationId: string,
  input: TeamMemberInput,
): Promise<{ id: string }> {
  try {
    const [row] =
      await tx`insert into team_members ${tx({ organization_id: organizationId, ...toColumns(input) })} returning id`;
    return { id: z.uuid().parse(row?.id) };
  } catch (e) {
    duplicateExternalId(e, input.external_id);
  }
}

export async function updateTeamMember(
  tx: Tx,
  organizationId: string,
  { id, input }: { id: string; input: TeamMemberInput },
): Promise<void> {
  let rows;
  try {
    rows =
      await tx`update team_members set ${tx(toColumns(input))} where id = ${id} and organization_id = ${organizationId} returning id`;
  } catch (e) {
    duplicateExternalId(e, input.external_id);
  }
  if (rows.length === 0) throw new AppError("not_found", "That team member could not be found.");
}

export async function deleteTeamMember(tx: Tx, organizationId: string, id: string): Promise<void> {
  const rows =
    await tx`delete from team_members where id = ${id} and organization_id = ${organizationId} returning id`;
  if (rows.length === 0) throw new AppError("not_found", "That team member could not be found.");
}

export type CsvImportResult = {
  imported: number;
  errors: { row: number; messages: string[] }[];
};

export const CSV_COLUMNS = [
  "full_name",
  "email",
  "external_id",
  "member_type",
  "commission_type",
  "commission_rate",
] as const;
export const CSV_MAX_ROWS = 5000;

/**
 * Imports team members from CSV (header row with the columns above; `name` is accepted for
 * full_name). Valid rows are imported, each in its own savepoint, and every invalid row is
 * reported with its line number: one bad line does not lose the others.
 */
export async function importTeamMembersCsv(
  tx: Tx,
  organizationId: string,
  csv: string,
): Promise<CsvImportResult> {
  const table = parseCsv(csv);
  if (table.length < 2)
    throw new AppError("validation_failed", "The file has no rows under its header line.");
  if (table.length - 1 > CSV_MAX_ROWS) {
    throw new AppError("validation_failed", `Import at most ${CSV_MAX_ROWS} rows at a time.`);
  }
  const header = table[0]!.map((h) => h.trim().toLowerCase().replace(/\s+/g, "_"));
  const index = new Map(header.map((h, i) => [h === "name" ? "full_name" : h, i]));
  if (!index.has("full_name")) {
    throw new AppError(
      "validation_failed",
      `The header must include full_name. Known columns: ${CSV_COLUMNS.join(", ")}.`,
    );
  }
  const result: CsvImportResult = { imported: 0, errors: [] };
  {
    for (let i = 1; i < table.length; i++) {
      const cells = table[i]!;
      if (cells.every((c) => c.trim() === "")) continue;
      const record = Object.fromEntries(
        CSV_COLUMNS.filter((c) => index.has(c)).map((c) => [c, cells[index.get(c)!] ?? ""]),
      );
      if (record.member_type === "") delete record.member_type;
      if (record.commission_type === "") delete record.commission_type;
      const parsed = teamMemberInputSchema.safeParse(record);
      const line = i + 1;
      if (!parsed.success) {
        result.errors.push({
          row: line,
          messages: parsed.error.issues.map((x) => `${x.path.join(".") || "row"}: ${x.message}`),
        });
        continue;
      }
      try {
        // cast: a savepoint is a transaction for what runs in it (postgres.js types it apart)
        await tx.savepoint((sp) => insertTeamMember(sp as unknown as Tx, organizationId, parsed.data));
        result.imported++;
      } catch (e) {
        result.errors.push({ row: line, messages: [toAppError(e).message] });
      }
    }
  }
  return result;
}
