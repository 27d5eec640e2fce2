import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { E2E_GHL_ED25519_PUBLIC_KEY } from "./tests/support/ghl-e2e-keys";

// E2E runs against a production build (`npm start`: generated secrets, no local mailbox) on its
// own ports and data folder, so it never touches the stack `npm run dev` keeps. Playwright's own
// browser cannot be downloaded here; Debian's Chromium is used when it is absent.
const port = Number(process.env.E2E_PORT ?? 3100);
// Mail goes through SMTP to tests/support/smtp-server.ts, which the specs that read mail start.
const smtpPort = process.env.E2E_SMTP_PORT ?? "12125";
// Production refuses the local Stripe test server's published webhook secret: one per run, set
// here (in the runner, before its workers start, so the specs' Stripe server signs with it too).
process.env.E2E_STRIPE_WEBHOOK_SECRET ??= `whsec_${randomBytes(24).toString("base64url").replace(/-/g, "_")}`;
const systemChromium = "/usr/bin/chromium";
const executablePath = process.env.CHROMIUM_PATH ?? (existsSync(systemChromium) ? systemChromium : undefined);

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  // Specs that need an AI provider run with playwright.llm.config.ts.
  testIgnore: /[\\/]tests[\\/]e2e[\\/]llm[\\/]/,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
  webServer: {
    command: process.env.E2E_SKIP_BUILD
      ? "tsx scripts/dev.ts --prod"
      : "next build && tsx scripts/dev.ts --prod",
    url: `http://localhost:${port}/sign-in`,
    timeout: 300_000,
    reuseExistingServer: false,
    // scripts/dev.ts runs `next start` in a process group of its own: without a graceful stop,
    // Playwright SIGKILLs only the command's group, the orphaned Next server keeps port 3100 and
    // the inherited stdout pipe open, and the run never ends. SIGTERM lets dev.ts stop Next and
    // the stack itself.
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      ORGFLOW_DB_PORT: process.env.E2E_DB_PORT ?? "54332",
      ORGFLOW_API_PORT: process.env.E2E_API_PORT ?? "54331",
      ORGFLOW_DATA_DIR: ".local/e2e",
      NEXT_PUBLIC_SITE_URL: `http://localhost:${port}`,
      ORGFLOW_AUTH_RATE_LIMIT: "10000",
      // Billing talks to the local Stripe test server tests/e2e/billing.spec.ts starts on this port
      // (the keys are tests/support/stripe-server.ts's); other specs never call Stripe.
      STRIPE_SECRET_KEY: "sk_test_orgflow_local_0000000000",
      STRIPE_WEBHOOK_SECRET: process.env.E2E_STRIPE_WEBHOOK_SECRET,
      STRIPE_API_BASE: `http://127.0.0.1:${process.env.E2E_STRIPE_PORT ?? "12111"}`,
      SMTP_HOST: "127.0.0.1",
      SMTP_PORT: smtpPort,
      SMTP_FROM: "Orgflow <no-reply@example.test>",
      // GoHighLevel's webhook key, replaced by a fixed test pair whose private half specs sign with.
      GHL_WEBHOOK_ED25519_PUBLIC_KEY: E2E_GHL_ED25519_PUBLIC_KEY,
    },
  },
});
