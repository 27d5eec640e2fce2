import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import { e2eDatabaseUrl, newUser, orgNav, signUp, toast } from "./support/accounts";

/**
 * Contacts as an owner clicks through them: the empty state, adding one, searching, importing a CSV
 * (column mapping, preview, per-line errors), merging two duplicates, deleting with confirmation,
 * and the list on a phone.
 */

async function addContact(
  page: Page,
  fields: { first: string; last?: string; email?: string; tags?: string },
) {
  await page.getByRole("button", { name: "Add contact" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Add a contact" });
  await dialog.getByLabel("First name").fill(fields.first);
  if (fields.last) await dialog.getByLabel("Last name").fill(fields.last);
  if (fields.email) await dialog.getByLabel("Email").fill(fields.email);
  if (fields.tags) await dialog.getByLabel("Tags").fill(fields.tags);
  await dialog.getByRole("button", { name: "Add contact" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: [fields.first, fields.last].filter(Boolean).join(" ") }),
  ).toBeVisible();
}

test("contacts: add, search, import a CSV, merge duplicates, delete with confirmation, on a phone", async ({
  page,
}) => {
  const slug = await signUp(page, newUser("contacts"));
  const mark = randomUUID().slice(0, 6);

  await orgNav(page).getByRole("link", { name: "Contacts" }).click();
  await expect(page).toHaveURL(`/o/${slug}/contacts`);
  await expect(page.getByRole("heading", { name: "No contacts yet" })).toBeVisible();
  await expect(page.getByText(/Contacts are the people your business talks to/)).toBeVisible();
  await expect(page.getByRole("link", { name: "Import CSV" }).last()).toBeVisible();

  // Add one by hand: its page opens; then back to the list.
  await addContact(page, {
    first: "Ana",
    last: "Silva",
    email: `ana-${mark}@example.test`,
    tags: "vip, roof",
  });
  await expect(page.getByRole("list", { name: "Tags" }).getByText("vip")).toBeVisible();
  await page.getByRole("link", { name: "All contacts" }).click();

  // Import: two good rows (one duplicate of Ana by name), one bad email, one row with nothing.
  await page.getByRole("link", { name: "Import CSV" }).first().click();
  await expect(page.getByRole("heading", { name: "Import contacts" })).toBeVisible();
  const csv = [
    "Who,Surname,E-mail address,Notes",
    `Ana,Silva,ana.s-${mark}@example.test,from the fair`,
    `Bruno,Costa,bruno-${mark}@example.test,`,
    "Carla,Dias,not-an-email,",
    ",,,only a note",
  ].join("\n");
  await page
    .getByLabel("CSV file")
    .setInputFiles({ name: "leads.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  const mapping = page.getByRole("table", { name: "Columns and preview" });
  await expect(mapping.getByRole("cell", { name: "Bruno", exact: true })).toBeVisible();
  // "Who" is not guessed: map it by hand.
  await mapping.getByRole("combobox", { name: /Who/ }).selectOption("first_name");
  await expect(mapping.getByRole("combobox", { name: /Surname/ })).toHaveValue("last_name");
  await expect(mapping.getByRole("combobox", { name: /E-mail address/ })).toHaveValue("email");
  await page.getByLabel("Tag every imported contact").fill(`fair-${mark}`);
  await page.getByRole("button", { name: "Import 4 rows" }).click();
  await expect(page.getByRole("progressbar", { name: "Import progress" })).toHaveAttribute(
    "aria-valuenow",
    "4",
  );
  await expect(page.getByText("Imported: 2 new, 0 updated.")).toBeVisible();
  const errors = page.getByRole("table", { name: "Lines that were not imported" });
  await expect(errors.getByRole("row")).toHaveCount(3);
  await expect(errors.getByRole("row", { name: /^4 Email: Enter an email address/ })).toBeVisible();
  await expect(errors.getByRole("row", { name: /^5 Give at least a name/ })).toBeVisible();
  await page.getByRole("link", { name: "See the contacts" }).click();

  // Search and filter.
  const list = page.getByRole("table", { name: "Contacts" });
  await expect(list.getByRole("row")).toHaveCount(4);
  await page.getByRole("searchbox", { name: "Search" }).fill("bruno");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(list.getByRole("row")).toHaveCount(2);
  await expect(list.getByRole("link", { name: "Bruno Costa" })).toBeVisible();
  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(list.getByRole("row")).toHaveCount(4);
  await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue("");
  await page.getByLabel("Tag").selectOption(`fair-${mark}`);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(list.getByRole("row")).toHaveCount(3);
  await page.getByRole("link", { name: "Clear filters" }).click();

  // Merge the two Anas, keeping the one added by hand.
  await expect(list.getByRole("row")).toHaveCount(4);
  const anas = list.getByRole("checkbox", { name: "Select Ana Silva" });
  await anas.nth(0).check();
  await anas.nth(1).check();
  await page.getByRole("button", { name: "Merge selected" }).click();
  const merge = page.getByRole("dialog", { name: "Merge 2 contacts" });
  await merge.getByRole("radio", { name: new RegExp(`ana-${mark}@example.test`) }).check();
  await merge.getByRole("button", { name: "Merge contacts" }).click();
  await expect(toast(page, "Merged 1 contact into one.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Ana Silva" })).toBeVisible();
  await expect(page.getByText(`ana-${mark}@example.test`).first()).toBeVisible();
  const tags = page.getByRole("list", { name: "Tags" });
  await expect(tags.getByText(`fair-${mark}`)).toBeVisible(); // taken from the duplicate
  await expect(tags.getByText("vip")).toBeVisible();

  // Delete asks first; cancelling keeps the contact.
  await page.getByRole("button", { name: "Delete" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete Ana Silva?" });
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();
  await page.getByRole("button", { name: "Delete" }).click();
  await confirm.getByRole("button", { name: "Delete contact" }).click();
  await expect(page).toHaveURL(new RegExp(`/o/${slug}/contacts(\\?|$)`));
  await expect(toast(page, "The contact has been deleted.")).toBeVisible();
  await expect(list.getByRole("row")).toHaveCount(2);
  await expect(list.getByRole("link", { name: "Ana Silva" })).toHaveCount(0);

  // The export link carries the filters.
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveAttribute(
    "href",
    `/o/${slug}/contacts/export`,
  );

  // On a phone: nothing scrolls sideways; names, search and actions stay reachable.
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of [`/o/${slug}/contacts`, `/o/${slug}/contacts/import`]) {
    await page.goto(path);
    const overflow = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(overflow.scroll, `${path} is ${overflow.scroll}px wide`).toBeLessThanOrEqual(overflow.client);
  }
  await page.goto(`/o/${slug}/contacts`);
  await expect(list.getByRole("link", { name: "Bruno Costa" })).toBeVisible();
  await expect(page.getByRole("searchbox", { name: "Search" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Add contact" })).toBeVisible();
  await list.getByRole("link", { name: "Bruno Costa" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Bruno Costa" })).toBeVisible();

  // What links to the contact shows on its page: a chatbot conversation (into the inbox) and a sale.
  const contactId = new URL(page.url()).pathname.split("/").pop()!;
  const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
  try {
    const [bot] = await sql<{ id: string; organization_id: string }[]>`
      insert into bots (organization_id, name)
      select organization_id, 'Roof helper' from contacts where id = ${contactId}
      returning id, organization_id`;
    const [session] = await sql<{ id: string }[]>`
      insert into conversation_sessions (organization_id, bot_id, contact_id, visitor_token_hash, message_count)
      values (${bot!.organization_id}, ${bot!.id}, ${contactId}, ${"a".repeat(64)}, 3) returning id`;
    await sql`
      insert into sales_transactions (organization_id, source, external_id, contact_id, amount_minor, currency, paid_at)
      values (${bot!.organization_id}, 'manual', ${`INV-${mark}`}, ${contactId}, 450000, 'USD', now())`;
    await page.reload();
    const conversations = page.getByRole("list", { name: "Conversations" });
    await expect(conversations.getByRole("link", { name: "Roof helper: 3 messages" })).toHaveAttribute(
      "href",
      `/o/${slug}/inbox?c=${session!.id}`,
    );
    await expect(
      page.getByRole("list", { name: "Sales" }).getByRole("link", { name: `INV-${mark}` }),
    ).toBeVisible();
  } finally {
    await sql.end();
  }
  const fits = await page.evaluate(
    () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
  );
  expect(fits, "a contact's page fits a phone").toBe(true);
});
