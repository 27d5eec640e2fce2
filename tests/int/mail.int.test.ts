import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { mailboxEnabled } from "@/lib/mail/mailbox-enabled";
import { sendMail } from "@/lib/mail/send";
import { startSmtpTestServer, type SmtpTestServer } from "@/tests/support/smtp-server";
import { PASSWORD, startTestAuth, uniqueEmail } from "./auth-server/support";

/**
 * Issue #15, item 3: the local mailbox (/dev/mailbox) exists only under `npm run dev`. In
 * production, mail goes through SMTP, or, with none configured, the log says it was not delivered
 * (without the link: whoever reads the log must not be able to act on it), and nothing is kept for
 * a page to show.
 */

let smtp: SmtpTestServer;
let sql: postgres.Sql;

const mailboxRows = async (address: string) =>
  (await sql`select count(*)::int as n from local_mailbox.messages where to_address = ${address}`)[0]!.n;

beforeAll(async () => {
  smtp = await startSmtpTestServer();
  sql = postgres(inject("databaseUrl"), { max: 1, onnotice: () => {} });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await smtp.close();
  await sql.end();
});

describe("the app's mail in production", () => {
  it("has no mailbox, even with the local stack", () => {
    vi.stubEnv("NODE_ENV", "development");
    expect(mailboxEnabled()).toBe(true);
    vi.stubEnv("NODE_ENV", "production");
    expect(mailboxEnabled()).toBe(false);
  });

  it("sends through SMTP", async () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("SMTP_HOST", "127.0.0.1");
    vi.stubEnv("SMTP_PORT", String(smtp.port));
    vi.stubEnv("SMTP_FROM", "Orgflow <no-reply@example.test>");
    const to = uniqueEmail("smtp");
    await sendMail({
      to,
      subject: "You're invited",
      text: "Accept: http://localhost:3000/invite/abc\n",
      kind: "invitation",
      links: [{ label: "Accept", url: "http://localhost:3000/invite/abc" }],
    });
    const mail = await smtp.waitForMail(to);
    expect(mail.subject).toBe("You're invited");
    expect(mail.links).toEqual(["http://localhost:3000/invite/abc"]);
    expect(await mailboxRows(to)).toBe(0);
  });

  it("without SMTP, logs that the mail was not delivered, without its link, and keeps nothing", async () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("SMTP_HOST", "");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const to = uniqueEmail("nosmtp");
    try {
      await sendMail({ to, subject: "Reset", text: "http://localhost:3000/secret-link", kind: "recovery" });
      const logged = warn.mock.calls.map((c) => c.join(" ")).join("\n");
      expect(logged).toMatch(/NOT DELIVERED.*SMTP_HOST.*recovery/);
      expect(logged).not.toContain("secret-link");
    } finally {
      warn.mockRestore();
    }
    expect(await mailboxRows(to)).toBe(0);
    expect(smtp.messages.some((m) => m.to.includes(to))).toBe(false);
  });
});

describe("the auth server's mail in production", () => {
  it("sends a password reset through SMTP and keeps no copy", async () => {
    vi.stubEnv("SMTP_HOST", "127.0.0.1");
    vi.stubEnv("SMTP_PORT", String(smtp.port));
    const auth = await startTestAuth({ production: true, mail: "smtp" });
    try {
      const email = uniqueEmail("reset");
      await auth.anon().auth.signUp({ email, password: PASSWORD });
      expect((await auth.anon().auth.resetPasswordForEmail(email)).error).toBeNull();
      const mail = await smtp.waitForMail(email, (m) => m.subject === "Reset Your Password");
      expect(mail.links[0]).toMatch(new RegExp(`^${auth.url}/verify\\?token=.+&type=recovery`));
      expect(await mailboxRows(email)).toBe(0);
    } finally {
      await auth.close();
    }
  });

  it("without SMTP, logs that it was not delivered, without the link or code", async () => {
    const auth = await startTestAuth({ production: true, mail: "log" });
    try {
      const email = uniqueEmail("reset-log");
      await auth.anon().auth.signUp({ email, password: PASSWORD });
      expect((await auth.anon().auth.resetPasswordForEmail(email)).error).toBeNull();
      const line = auth.logs.find((l) => l.includes(email));
      expect(line).toMatch(/NOT DELIVERED.*recovery/);
      expect(line).not.toMatch(/verify\?|code/);
      expect(await mailboxRows(email)).toBe(0);
    } finally {
      await auth.close();
    }
  });
});
