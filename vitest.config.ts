import path from "node:path";
import { defineConfig } from "vitest/config";

// Test tiers by file name: *.test.ts unit, *.db.test.ts against Postgres as each role,
// *.int.test.ts through real interfaces (HTTP, the official clients). E2E is Playwright's.
const root = path.resolve(import.meta.dirname);
const exclude = ["node_modules/**", ".next/**", ".local/**", "tests/e2e/**"];

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      // Next resolves `server-only` to an empty module on the server (the react-server condition);
      // tests run server code, so they do the same.
      "server-only": path.join(root, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["**/*.test.ts", "**/*.test.tsx"],
          exclude: [...exclude, "**/*.db.test.ts", "**/*.int.test.ts"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "db",
          include: ["**/*.db.test.ts"],
          exclude,
          globalSetup: ["tests/support/global-database.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "int",
          include: ["**/*.int.test.ts"],
          exclude,
          globalSetup: ["tests/support/global-database.ts"],
          setupFiles: ["tests/support/app-env.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
