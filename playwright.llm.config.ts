import { defineConfig } from "@playwright/test";
import base from "./playwright.config";
import { TEST_LLM_KEY } from "./tests/support/llm-server";

// The e2e specs that need an AI provider (tests/e2e/llm/): the same production build and stack as
// playwright.config.ts, with LLM_BASE_URL pointing at the LLM test server (tests/support/
// llm-server.ts), started here as a process of its own. The other specs run without a provider.
const llmPort = Number(process.env.E2E_LLM_PORT ?? 3106);
const app = Array.isArray(base.webServer) ? base.webServer[0]! : base.webServer!;

export default defineConfig({
  ...base,
  testDir: "tests/e2e/llm",
  testIgnore: undefined,
  webServer: [
    {
      command: `tsx tests/support/llm-server-main.ts ${llmPort}`,
      port: llmPort,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "pipe",
    },
    {
      ...app,
      env: { ...app.env, LLM_BASE_URL: `http://127.0.0.1:${llmPort}/v1`, LLM_API_KEY: TEST_LLM_KEY },
    },
  ],
});
