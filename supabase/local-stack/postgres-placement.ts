import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import {
  chmod,
  copyFile,
  lstat,
  mkdir,
  readdir,
  readlink,
  rename,
  rm,
  rmdir,
  stat,
  symlink,
  writeFile,
} from "node:fs/promises";
import path from "node:path";
import { ALTERNATIVES, LocalDatabaseError, reason } from "./errors";
import { binariesIn, type PostgresBinaries } from "./postgres-binaries";
import { userCanReach, type SystemUser } from "./postgres-user";

/**
 * Where the `postgres` system user runs PostgreSQL from, as root. That user must reach the
 * binaries and the data folder. A project cloned into root's home (0700 on Debian and Ubuntu, as
 * is every `mktemp -d` folder) is out of its reach, so then both move to SHARED_DIR:
 *
 *   /var/lib/orgflow/                      0711 root   (enter, not list)
 *     postgres-<version>-<platform>/       0755 root   a copy of the package's native/ folder
 *     projects/<hash of the data path>/    0711 root   one per project data folder
 *       source                             0644        which project folder this belongs to
 *       data/                              0700 postgres   PostgreSQL's data
 *
 * and the project's own data path (`.local/db`) becomes a symbolic link to that `data/`, so
 * deleting `.local/` still starts over. /var/lib rather than /tmp or /var/tmp: the data must
 * survive reboots and temp cleaners, and only root may create entries there.
 */
export const SHARED_DIR = "/var/lib/orgflow";

export type Placement = {
  binaries: PostgresBinaries;
  /** Where PostgreSQL's data really is. */
  dataDir: string;
  /** True when the data lives under SHARED_DIR, linked from the requested path. */
  relocated: boolean;
};

export async function placeForUser(
  user: SystemUser,
  binaries: PostgresBinaries,
  requestedDataDir: string,
  sharedDir = SHARED_DIR,
): Promise<Placement> {
  const requested = path.resolve(requestedDataDir);
  const [reachableBinaries, data] = await Promise.all([
    placeBinaries(user, binaries, sharedDir),
    placeData(user, requested, sharedDir),
  ]);
  return { binaries: reachableBinaries, ...data };
}

/** The folder under sharedDir that holds the data of one project data path. */
export function projectHome(requestedDataDir: string, sharedDir = SHARED_DIR): string {
  const hash = createHash("sha256").update(path.resolve(requestedDataDir)).digest("hex").slice(0, 16);
  return path.join(sharedDir, "projects", hash);
}

async function ensureDir(dir: string, mode: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  await chmod(dir, mode);
}

function unreachable(
  kind: "binaries" | "data",
  source: string,
  where: string,
  e: unknown,
): LocalDatabaseError {
  return new LocalDatabaseError(
    `PostgreSQL refuses to run as root, so the local stack runs it as the \`postgres\` system user, who ` +
      `cannot reach the server's ${kind} in ${source} (inside a private folder, such as root's home). They ` +
      `would then go to ${where}, but that failed: ${reason(e)}. Let root create ${SHARED_DIR} (is /var/lib ` +
      `read-only?), clone the project into a folder other users may enter (e.g. /srv or /opt), or run as a ` +
      `regular user. ${ALTERNATIVES}`,
    { cause: e },
  );
}

async function placeBinaries(user: SystemUser, binaries: PostgresBinaries, sharedDir: string) {
  if ((await userCanReach(user, binaries.initdb)) && (await userCanReach(user, binaries.postgres)))
    return binaries;
  const dest = path.join(sharedDir, `postgres-${binaries.version}-${process.platform}-${process.arch}`);
  try {
    if (!existsSync(dest)) {
      await ensureDir(sharedDir, 0o711);
      const partial = `${dest}.partial-${randomBytes(4).toString("hex")}`;
      await copyTree(binaries.nativeDir, partial).catch(async (e: unknown) => {
        await rm(partial, { recursive: true, force: true });
        throw e;
      });
      // Another process may have finished the same copy meanwhile: the first rename wins.
      await rename(partial, dest).catch(() => rm(partial, { recursive: true, force: true }));
    }
    const staged = { ...(await binariesIn(dest)), version: binaries.version };
    if (!(await userCanReach(user, staged.postgres))) throw new Error(`${dest} is not reachable either`);
    return staged;
  } catch (e) {
    throw unreachable("binaries", binaries.nativeDir, dest, e);
  }
}

/** A copy readable and (where executable at all) runnable by everyone, links kept as links. */
async function copyTree(from: string, to: string): Promise<void> {
  await mkdir(to);
  await chmod(to, 0o755);
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isSymbolicLink()) await symlink(await readlink(source), target);
    else if (entry.isDirectory()) await copyTree(source, target);
    else if (entry.isFile()) {
      await copyFile(source, target);
      await chmod(target, (await stat(source)).mode & 0o100 ? 0o755 : 0o644);
    }
  }
}

async function placeData(
  user: SystemUser,
  requested: string,
  sharedDir: string,
): Promise<{ dataDir: string; relocated: boolean }> {
  const parent = path.dirname(requested);
  await mkdir(parent, { recursive: true });
  const home = projectHome(requested, sharedDir);
  const existing = await lstat(requested).catch(() => null);

  if (existing?.isSymbolicLink()) {
    const target = path.resolve(parent, await readlink(requested));
    if (target === path.join(home, "data")) {
      await prepareHome(home, requested).catch((e) =>
        Promise.reject(unreachable("data", requested, home, e)),
      );
      return { dataDir: target, relocated: true };
    }
    // A link of the user's own making: follow it, as PostgreSQL would.
    if (await userCanReach(user, path.dirname(target))) return { dataDir: target, relocated: false };
    throw new LocalDatabaseError(
      `${requested} links to ${target}, which the \`postgres\` system user (who runs PostgreSQL when you are ` +
        `root) cannot reach. Point the link at a folder that user may enter, or remove it to let the local ` +
        `stack place the data itself. ${ALTERNATIVES}`,
    );
  }
  if (await userCanReach(user, parent)) return { dataDir: requested, relocated: false };

  if (existing?.isDirectory()) {
    if ((await readdir(requested)).length > 0) {
      throw new LocalDatabaseError(
        `${requested} holds data that the \`postgres\` system user (who runs PostgreSQL when you are root) ` +
          `cannot reach: the folder is inside a private one. Move the project to a folder other users may ` +
          `enter, or move ${requested} away to start with a new database (kept under ${sharedDir} from then ` +
          `on). ${ALTERNATIVES}`,
      );
    }
    await rmdir(requested); // left empty by an earlier attempt
  } else if (existing) {
    throw new LocalDatabaseError(
      `${requested} is a file where the local database's folder belongs: move it away and start again. ${ALTERNATIVES}`,
    );
  }
  try {
    // Data here whose link is gone belongs to a `.local/` someone deleted: start over, as there.
    await rm(home, { recursive: true, force: true });
    await prepareHome(home, requested);
    await symlink(path.join(home, "data"), requested);
  } catch (e) {
    throw unreachable("data", requested, home, e);
  }
  return { dataDir: path.join(home, "data"), relocated: true };
}

async function prepareHome(home: string, requested: string): Promise<void> {
  await ensureDir(path.dirname(path.dirname(home)), 0o711);
  await ensureDir(path.dirname(home), 0o711);
  await ensureDir(home, 0o711);
  await writeFile(path.join(home, "source"), `${requested}\n`, { mode: 0o644 });
}
