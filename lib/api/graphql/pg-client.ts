import type { Tx } from "@/lib/db/client";

type QueryConfig = { text: string; values?: unknown[] };

/**
 * The part of node-postgres's `Client` that PostGraphile (v4) calls, over one postgres.js
 * transaction: PostGraphile's queries run inside the request's own `withUser` transaction, on the
 * app's pool, instead of a second driver with its own connections and settings.
 *
 * PostGraphile recognises a client by duck typing, the class name `Client` included, so the name
 * stays. `connection` is left out on purpose: without it PostGraphile sends plain (unnamed)
 * statements, which also pass through a transaction-mode pooler.
 */
export class Client {
  constructor(private readonly tx: Tx) {}

  async query(textOrConfig: string | QueryConfig, values?: unknown[]) {
    const text = typeof textOrConfig === "string" ? textOrConfig : textOrConfig.text;
    const parameters = typeof textOrConfig === "string" ? values : textOrConfig.values;
    const rows = await this.tx.unsafe(text, (parameters ?? []) as never[]);
    return { rows: [...rows] as Record<string, unknown>[], rowCount: rows.count };
  }

  escapeIdentifier(name: string): string {
    return `"${name.replace(/"/g, '""')}"`;
  }

  escapeLiteral(value: string): string {
    const escaped = value.replace(/'/g, "''");
    return value.includes("\\") ? ` E'${escaped.replace(/\\/g, "\\\\")}'` : `'${escaped}'`;
  }

  // The transaction belongs to the caller (withUser): nothing to connect, end or release here.
  async connect(): Promise<void> {}
  async end(): Promise<void> {}
  release(): void {}
  on(): this {
    return this;
  }
  removeListener(): this {
    return this;
  }
}
