import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Sql, UserClaims } from "@/lib/db/client";
import { guessMapping, mapRows, readContactsCsv } from "@/lib/contacts/csv";
import { IMPORT_BATCH_ROWS } from "@/lib/contacts/schemas";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

// The server actions and the export route read the session: the signed-in user's verified claims are given.
const signedIn = vi.hoisted(() => ({ claims: null as UserClaims | null }));
vi.mock("@/lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/session")>()),
  getClaims: async () => signedIn.claims,
}));
vi.mock("next/cache", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/cache")>()),
  revalidatePath: () => {},
}));

const {
  createContactAction,
  deleteContactAction,
  importContactsAction,
  mergeContactsAction,
  updateContactAction,
} = await import("@/lib/contacts/actions");
const exportRoute = await import("@/app/(app)/o/[slug]/contacts/export/route");

/**
 * Contacts through the server actions (form data in, result out, the permission matrix and RLS
 * underneath), the CSV import the browser sends in batches, and the export route.
 */
let sql: Sql;
let a: TestTenant;
let b: TestTenant;

beforeAll(async () => {
  sql = testSql(4);
  [a, b] = await Promise.all([createTenant(sql, "ContactsIntA"), createTenant(sql, "ContactsIntB")]);
});
afterAll(async () => {
  await deleteTenants(sql, [a, b]);
  await sql.end();
});

function form(fields: Record<string, string | string[]>, slug = a.slug): FormData {
  const data = new FormData();
  data.set("organization", slug);
  for (const [k, v] of Object.entries(fields)) {
    if (Array.isArray(v)) for (const x of v) data.append(k, x);
    else data.set(k, v);
  }
  return data;
}

async function exportCsv(claims: UserClaims | null, query = "", slug = a.slug) {
  signedIn.claims = claims;
  const res = await exportRoute.GET(new Request(`http://localhost/o/${slug}/contacts/export${query}`), {
    params: Promise.resolve({ slug }),
  });
  return { res, text: await res.text() };
}

describe("contact actions", () => {
  it("adds, edits, tags and deletes a contact; refuses bad input and members without the permission", async () => {
    signedIn.claims = a.members.sales;
    const email = `ana-${randomUUID().slice(0, 8)}@example.test`;
    const bad = await createContactAction(null, form({ email: "nope", first_name: "" }));
    expect(bad).toMatchObject({
      ok: false,
      error: { code: "validation_failed", fields: { email: [expect.any(String)] } },
    });

    const made = await createContactAction(null, form({ first_name: "Ana", email, tags: "roof, vip" }));
    expect(made).toMatchObject({ ok: true, message: "Contact added." });
    const id = (made as { data: { id: string } }).data.id;

    const edited = await updateContactAction(
      null,
      form({ id, first_name: "Ana", last_name: "Silva", email, phone: "+1 555 0101", tags: "vip" }),
    );
    expect(edited).toMatchObject({ ok: true });
    const [row] = await sql`select last_name, phone, tags from contacts where id = ${id}`;
    expect(row).toEqual({ last_name: "Silva", phone: "+1 555 0101", tags: ["vip"] });

    // sales may not delete (owner/administrator only), a viewer may not add.
    expect(await deleteContactAction(null, form({ id }))).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    signedIn.claims = a.members.viewer;
    expect(await createContactAction(null, form({ first_name: "V" }))).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    // Another organization's owner, naming their own organization, cannot reach it.
    signedIn.claims = b.members.owner;
    expect(await deleteContactAction(null, form({ id }, b.slug))).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });

    signedIn.claims = a.members.administrator;
    expect(await deleteContactAction(null, form({ id }))).toMatchObject({
      ok: true,
      message: "Contact deleted.",
    });
    const [gone] = await sql`select count(*)::int as n from contacts where id = ${id}`;
    expect(gone?.n).toBe(0);
  });

  it("merges duplicates picked by the member into the primary", async () => {
    signedIn.claims = a.members.owner;
    const mark = randomUUID().slice(0, 8);
    const ids: string[] = [];
    const people: Record<string, string>[] = [
      { first_name: "Bo" },
      { first_name: "Bo", email: `bo-${mark}@example.test` },
      { phone: "555 0123" },
    ];
    for (const f of people) {
      const r = await createContactAction(null, form(f));
      ids.push((r as { data: { id: string } }).data.id);
    }
    const merged = await mergeContactsAction(
      null,
      form({ primary_id: ids[0]!, duplicate_ids: [ids[1]!, ids[2]!] }),
    );
    expect(merged).toMatchObject({ ok: true, message: "Merged 2 contacts into one." });
    const rows = await sql`select id, email::text, phone from contacts where id = any(${ids}::uuid[])`;
    expect(rows).toEqual([{ id: ids[0], email: `bo-${mark}@example.test`, phone: "555 0123" }]);
  });
});

describe("CSV import and export", () => {
  it("imports a file in batches: creates, updates by email, and lists each bad line", async () => {
    signedIn.claims = a.members.sales;
    const mark = randomUUID().slice(0, 8);
    const existing = `known-${mark}@example.test`;
    await createContactAction(null, form({ first_name: "Known", email: existing }));
    const lines = ["Email,First Name,Surname,Tags,Notes"];
    for (let i = 0; i < IMPORT_BATCH_ROWS + 10; i++)
      lines.push(`p${i}-${mark}@example.test,Person ${i},Lead,import-${mark},x`);
    lines.push(`${existing.toUpperCase()},,Updated,vip,`); // updates the known contact
    lines.push("not-an-email,Bad,Row,,"); // refused: the email
    lines.push(",,,,only notes"); // refused: nothing to call them by
    const read = readContactsCsv(lines.join("\n"));
    if (!read.ok) throw new Error(read.message);
    const mapped = mapRows(read.table.rows, guessMapping(read.table.header));

    const totals = { created: 0, updated: 0, errors: [] as { row: number; messages: string[] }[] };
    for (let start = 0; start < mapped.length; start += IMPORT_BATCH_ROWS) {
      const batch = mapped.slice(start, start + IMPORT_BATCH_ROWS);
      const r = await importContactsAction(
        null,
        form({ rows: JSON.stringify(batch), first_line: String(start + 2), tags: `batch-${mark}` }),
      );
      if (!r.ok) throw new Error(r.error.message);
      totals.created += r.data.created;
      totals.updated += r.data.updated;
      totals.errors.push(...r.data.errors);
    }
    expect(totals.created).toBe(IMPORT_BATCH_ROWS + 10);
    expect(totals.updated).toBe(1);
    const lastLine = IMPORT_BATCH_ROWS + 10 + 2; // header is line 1
    expect(totals.errors).toEqual([
      { row: lastLine + 1, messages: ["Email: Enter an email address like name@example.com."] },
      { row: lastLine + 2, messages: ["Give at least a name, an email or a phone number."] },
    ]);
    const [known] =
      await sql`select first_name, last_name, tags from contacts where organization_id = ${a.id} and email = ${existing}`;
    expect(known).toEqual({ first_name: "Known", last_name: "Updated", tags: [`batch-${mark}`, "vip"] });
    const [count] =
      await sql`select count(*)::int as n from contacts where organization_id = ${a.id} and source = 'csv' and ${`import-${mark}`} = any(tags)`;
    expect(count?.n).toBe(IMPORT_BATCH_ROWS + 10);
  });

  it("refuses an oversized batch, and a viewer's import", async () => {
    signedIn.claims = a.members.owner;
    const rows = JSON.stringify(
      Array.from({ length: IMPORT_BATCH_ROWS + 1 }, (_, i) => ({ first_name: `R${i}` })),
    );
    expect(await importContactsAction(null, form({ rows, first_line: "2" }))).toMatchObject({
      ok: false,
      error: { code: "validation_failed" },
    });
    expect(await importContactsAction(null, form({ rows: "{not json", first_line: "2" }))).toMatchObject({
      ok: false,
      error: { code: "validation_failed" },
    });
    signedIn.claims = a.members.viewer;
    expect(
      await importContactsAction(
        null,
        form({ rows: JSON.stringify([{ first_name: "V" }]), first_line: "2" }),
      ),
    ).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });

  it("exports what the filters match as CSV, to members who may read contacts, and reads back", async () => {
    signedIn.claims = a.members.owner;
    const mark = randomUUID().slice(0, 8);
    await createContactAction(
      null,
      form({ first_name: `Exp${mark}`, phone: "+1 555 0100", tags: `exp-${mark}` }),
    );
    await createContactAction(null, form({ first_name: `Other${mark}` }));

    const { res, text } = await exportCsv(a.members.viewer, `?tag=exp-${mark}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="contacts-/);
    const read = readContactsCsv(text);
    if (!read.ok) throw new Error(read.message);
    expect(read.table.rows).toHaveLength(1);
    expect(mapRows(read.table.rows, guessMapping(read.table.header))[0]).toMatchObject({
      first_name: `Exp${mark}`,
      phone: "+1 555 0100",
      tags: `exp-${mark}`,
    });

    expect((await exportCsv(null)).res.status).toBe(401);
    expect((await exportCsv(b.members.owner)).res.status).toBe(404);
    const outside = await exportCsv(b.members.owner, `?q=${mark}`, b.slug);
    expect(outside.text.trim().split("\r\n")).toHaveLength(1); // the header only: B has none of A's
  });
});
