import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { expect, test } from "@playwright/test";
import { addMember, e2eDatabaseUrl, newUser as newTestUser, signUp, toast } from "./support/accounts";

/**
 * Receipts of a sale end to end, without an AI provider (the e2e server has no LLM_BASE_URL): the
 * owner opens a sale from the transactions list, a file that is not a PDF or a photo is refused
 * with a clear message (by its name in the browser, by its content on the server), a real PDF is
 * uploaded and listed as needing review, the owner types its amount, currency, date and vendor in
 * and sees them saved. The file is served to a viewer (who may see sales, but not change them) and
 * refused to a bot trainer (who may not see sales), to someone outside the organization and to a
 * signed-out visitor. Users sign up through the UI; the sale and the memberships are set up directly
 * in the database.
 */

const newUser = (tag: string) => newTestUser(tag, "e2e-rcpt");

async function receiptPdf(lines: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([400, 500]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  lines.forEach((line, i) => page.drawText(line, { x: 40, y: 450 - i * 24, size: 12, font }));
  return Buffer.from(await doc.save());
}

test("a receipt uploaded for a sale is typed in by hand and served only to members who may see sales", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const owner = newUser("owner");
  const viewer = newUser("viewer");
  const trainer = newUser("trainer");
  const outsider = newUser("outsider");
  const reference = `SALE-E2E-${randomUUID().slice(0, 8)}`;
  const fileName = `office-mart-${randomUUID().slice(0, 6)}.pdf`;
  const pdf = await receiptPdf(["Office Mart", "Receipt 1043", "Date: 2026-03-14", "Total: 1,200.05 USD"]);
  const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
  const viewerPage = await (await browser.newContext()).newPage();
  const trainerPage = await (await browser.newContext()).newPage();
  const outsiderPage = await (await browser.newContext()).newPage();

  try {
    const slug = await signUp(page, owner);

    await test.step("a sale entered by hand is there to attach receipts to", async () => {
      const [org] = await sql`select id from organizations where slug = ${slug}`;
      await sql`insert into sales_transactions (organization_id, source, external_id, opportunity_id, amount_minor, currency, paid_at, description)
                values (${org!.id}, 'manual', ${reference}, ${`opp-${reference}`}, 120005, 'USD', now(), 'Office fit-out')`;
    });

    const receipts = page.getByRole("region", { name: "Receipts", exact: true });
    const uploadForm = receipts.getByRole("form", { name: "Upload a receipt" });
    const fileInput = uploadForm.getByLabel("Receipt", { exact: true });
    const uploadButton = uploadForm.getByRole("button", { name: "Upload receipt" });

    await test.step("the owner opens the sale from the transactions list", async () => {
      await page.goto(`/o/${slug}/commissions/transactions`);
      await page
        .getByRole("table", { name: "Transactions" })
        .getByRole("link", { name: reference, exact: true })
        .click();
      await expect(page.getByRole("heading", { level: 1, name: `Sale ${reference}` })).toBeVisible();
      await expect(receipts.getByRole("heading", { name: "Receipts", exact: true })).toBeVisible();
      await expect(receipts.getByText("No receipts yet")).toBeVisible();
    });

    await test.step("a text file is refused before it is sent", async () => {
      await fileInput.setInputFiles({
        name: "notes.txt",
        mimeType: "text/plain",
        buffer: Buffer.from("Total: 12.00 USD\n"),
      });
      const message = "Upload a PDF or a photo of the receipt (PNG, JPEG or WebP).";
      await expect(uploadForm.getByText(message, { exact: true })).toBeVisible();
      await expect(fileInput).toHaveAttribute("aria-invalid", "true");
      await expect(fileInput).toHaveAccessibleDescription(new RegExp(message.replace(/[().]/g, "\\$&")));
      await expect(uploadButton).toBeDisabled();
    });

    await test.step("a text file named .pdf is refused by the server, by its content", async () => {
      await fileInput.setInputFiles({
        name: "fake-receipt.pdf",
        mimeType: "application/pdf",
        buffer: Buffer.from("Total: 12.00 USD\nThis is plain text, not a PDF.\n"),
      });
      await expect(uploadButton).toBeEnabled();
      await uploadButton.click();
      await expect(uploadForm.getByRole("alert")).toHaveText(
        "Upload a PDF or a photo of the receipt (PNG, JPEG or WebP). This file's content does not match its name.",
      );
      await expect(receipts.getByText("No receipts yet")).toBeVisible();
      const [row] = await sql<{ n: number }[]>`
        select count(*)::int as n from opportunity_receipts r join organizations o on o.id = r.organization_id
        where o.slug = ${slug}`;
      expect(row!.n).toBe(0);
    });

    const card = receipts
      .getByRole("list", { name: "Receipts", exact: true })
      .getByRole("listitem")
      .filter({ hasText: fileName });

    await test.step("a PDF is uploaded and listed as waiting for a person to type it in", async () => {
      await fileInput.setInputFiles({ name: fileName, mimeType: "application/pdf", buffer: pdf });
      await expect(uploadForm.getByRole("alert")).toHaveCount(0);
      await uploadButton.click();
      await expect(toast(page, `Uploaded ${fileName}. Type its amount, date and vendor in.`)).toBeVisible();
      await expect(card).toHaveCount(1);
      await expect(card).toContainText("Needs review");
      await expect(card).toContainText("PDF ·");
      await expect(card).toContainText("No AI provider configured — type the amount, date and vendor in.");
      await expect(card.getByRole("definition")).toHaveText(["—", "—", "—"]);
      await expect(receipts.getByText("No receipts yet")).toHaveCount(0);
    });

    let fileUrl = "";
    await test.step("the file comes back as it was uploaded", async () => {
      fileUrl = (await card
        .getByRole("link", { name: `View ${fileName} (opens in a new tab)` })
        .getAttribute("href"))!;
      expect(fileUrl).toMatch(new RegExp(`^/o/${slug}/commissions/receipts/[0-9a-f-]{36}/file$`));
      const response = await page.request.get(fileUrl);
      expect(response.status()).toBe(200);
      expect(response.headers()["content-type"]).toBe("application/pdf");
      expect(response.headers()["content-disposition"]).toContain(`inline; filename="${fileName}"`);
      expect(Buffer.from(await response.body()).equals(pdf)).toBe(true);
      await expect(card.getByRole("link", { name: `Download ${fileName}` })).toHaveAttribute(
        "href",
        `${fileUrl}?download=1`,
      );
    });

    await test.step("the owner types the amount, currency, date and vendor in", async () => {
      await card.getByRole("button", { name: `Type in the values of ${fileName}` }).click();
      const dialog = page.getByRole("dialog", { name: "Type in the receipt" });
      await expect(dialog.getByLabel("Currency")).toHaveValue("USD");
      // What the form cannot take is explained beside each field, and nothing is saved.
      await dialog.getByLabel("Total").fill("twelve");
      await dialog.getByLabel("Date").fill("2026-03-14");
      await dialog.getByRole("button", { name: "Save" }).click();
      await expect(dialog.getByLabel("Total")).toHaveAccessibleDescription(
        /Enter the amount as a number, e\.g\. 45\.50 or 1,200\./,
      );
      await expect(dialog.getByLabel("Vendor")).toHaveAccessibleDescription(/Enter the vendor\./);
      await expect(card).toContainText("Needs review");

      await dialog.getByLabel("Total").fill("1,200.05");
      await dialog.getByLabel("Currency").fill("usd");
      await dialog.getByLabel("Date").fill("2026-03-14");
      await dialog.getByLabel("Vendor").fill("Office Mart");
      await dialog.getByRole("button", { name: "Save" }).click();
      await expect(toast(page, "Receipt values saved.")).toBeVisible();
      await expect(dialog).toHaveCount(0);
    });

    await test.step("the saved values are shown, and still there after a reload", async () => {
      for (const reload of [false, true]) {
        if (reload) await page.reload();
        await expect(card).toContainText("Entered by hand");
        await expect(card.getByRole("definition")).toHaveText(["USD 1,200.05", "2026-03-14", "Office Mart"]);
        await expect(card).not.toContainText("No AI provider configured");
        await expect(card.getByRole("button", { name: `Edit the values of ${fileName}` })).toBeVisible();
      }
    });

    await test.step("a viewer sees the receipt and its file, but cannot add or change receipts", async () => {
      await signUp(viewerPage, viewer);
      await addMember(slug, viewer.email, "viewer");
      const saleUrl = new URL(page.url()).pathname;
      await viewerPage.goto(saleUrl);
      const viewerReceipts = viewerPage.getByRole("region", { name: "Receipts", exact: true });
      const viewerCard = viewerReceipts.getByRole("listitem").filter({ hasText: fileName });
      await expect(viewerCard).toContainText("Entered by hand");
      await expect(viewerCard.getByRole("definition")).toHaveText([
        "USD 1,200.05",
        "2026-03-14",
        "Office Mart",
      ]);
      await expect(viewerReceipts.getByRole("form", { name: "Upload a receipt" })).toHaveCount(0);
      await expect(viewerCard.getByRole("button", { name: /Edit|Type in|Delete/ })).toHaveCount(0);
      const response = await viewerPage.request.get(fileUrl);
      expect(response.status()).toBe(200);
      expect(Buffer.from(await response.body()).equals(pdf)).toBe(true);
    });

    await test.step("a bot trainer, who may not see sales, is refused the page and the file", async () => {
      await signUp(trainerPage, trainer);
      await addMember(slug, trainer.email, "bot_trainer");
      await trainerPage.goto(new URL(page.url()).pathname);
      await expect(trainerPage.getByText("You don't have access to this page")).toBeVisible();
      await expect(trainerPage.getByText(fileName)).toHaveCount(0);
      const response = await trainerPage.request.get(fileUrl);
      expect(response.status()).toBe(403);
      expect(response.headers()["content-type"]).toContain("application/json");
      expect((await response.json()).error.message).toBe("Your role (bot trainer) cannot do that here.");
    });

    await test.step("someone outside the organization gets nothing, and a signed-out visitor is sent to sign in", async () => {
      await signUp(outsiderPage, outsider);
      const response = await outsiderPage.request.get(fileUrl);
      expect(response.status()).toBe(404);
      expect(await response.text()).not.toContain("%PDF");
      const signedOut = await browser.newContext();
      try {
        const redirect = await signedOut.request.get(new URL(fileUrl, page.url()).href, { maxRedirects: 0 });
        expect(redirect.status()).toBe(307);
        expect(redirect.headers()["location"]).toContain(`/sign-in?next=${encodeURIComponent(fileUrl)}`);
        expect(await redirect.text()).not.toContain("%PDF");
      } finally {
        await signedOut.close();
      }
    });
  } finally {
    await Promise.all([viewerPage, trainerPage, outsiderPage].map((p) => p.context().close()));
    await sql.end();
  }
});
