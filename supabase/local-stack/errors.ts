/**
 * Why the local database could not start and what to do about it, as one paragraph for a person:
 * `npm run dev` prints the message alone, never a stack trace.
 */
export class LocalDatabaseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message.replace(/\s+/g, " ").trim(), options);
    this.name = "LocalDatabaseError";
  }
}

/** The short reason inside an error from the file system or a child process. */
export function reason(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    return code && !e.message.includes(code) ? `${code}: ${e.message}` : e.message;
  }
  return String(e);
}

/** The lines of a server log that say what went wrong (else its last few). */
export function tellingLines(log: string, count = 5): string {
  const lines = log.trim().split("\n");
  const telling = lines.filter((l) => /FATAL|PANIC|ERROR|error:|could not|cannot|denied/i.test(l));
  return (telling.length ? telling : lines).slice(-count).join("\n");
}

/** What always works instead, appended to every message. */
export const ALTERNATIVES =
  "Or set DATABASE_URL to a PostgreSQL server you run yourself (e.g. postgresql://postgres@127.0.0.1:5432/postgres), " +
  "and the local stack uses it instead of the embedded one.";
