import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

/**
 * `npm run worker` runs scripts/worker.ts under tsx, outside Next, where a module marked
 * `import "server-only"` throws on import. Vitest does not enforce that marker, so this loads the
 * worker's task list the way the worker does: a module it reaches must not carry the marker.
 */
describe("the worker's modules", { timeout: 60_000 }, () => {
  it("load outside Next (no server-only marker on the worker's import graph)", async () => {
    const root = path.resolve(import.meta.dirname, "..");
    const tsx = path.join(root, "node_modules/.bin/tsx");
    const { stdout } = await promisify(execFile)(
      tsx,
      ["-e", 'import("./lib/jobs/tasks.ts").then(() => console.log("loaded"))'],
      { cwd: root },
    );
    expect(stdout.trim()).toBe("loaded");
  });
});
