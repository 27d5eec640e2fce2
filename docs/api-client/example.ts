/**
 * A TypeScript client of Orgflow's REST API (docs/api.md): openapi-fetch with the types
 * openapi-typescript generated from the OpenAPI document (./orgflow-api.d.ts). Paths, parameters,
 * bodies and answers are checked by the compiler: `npm run typecheck` compiles this file.
 *
 *   ORGFLOW_URL=https://app.example.com ORGFLOW_API_KEY=of_… npx tsx docs/api-client/example.ts
 */
import { randomUUID } from "node:crypto";
import createClient from "openapi-fetch";
import type { components, paths } from "./orgflow-api";

type Contact = components["schemas"]["Contact"];

export function orgflowClient(baseUrl: string, apiKey: string) {
  return createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${apiKey}` } });
}

/** Every contact with `tag`, page by page (`limit`, `starting_after`, `has_more`). */
export async function contactsTagged(
  client: ReturnType<typeof orgflowClient>,
  tag: string,
): Promise<Contact[]> {
  const all: Contact[] = [];
  let startingAfter: string | undefined;
  for (;;) {
    const { data, error } = await client.GET("/api/v1/contacts", {
      params: { query: { tag, limit: 100, starting_after: startingAfter } },
    });
    if (error) throw new Error(`${error.error.code}: ${error.error.message}`);
    all.push(...data.data);
    if (!data.has_more) return all;
    startingAfter = data.data.at(-1)?.id;
  }
}

/** Adds a contact once, even if the request is retried (the same Idempotency-Key answers again). */
export async function addContact(client: ReturnType<typeof orgflowClient>, email: string): Promise<Contact> {
  const { data, error, response } = await client.POST("/api/v1/contacts", {
    body: { email, tags: ["from-script"] },
    headers: { "Idempotency-Key": randomUUID() },
  });
  if (error) throw new Error(`${response.status} ${error.error.code}: ${error.error.message}`);
  return data;
}

async function main() {
  const { ORGFLOW_URL, ORGFLOW_API_KEY } = process.env;
  if (!ORGFLOW_URL || !ORGFLOW_API_KEY) throw new Error("Set ORGFLOW_URL and ORGFLOW_API_KEY.");
  const client = orgflowClient(ORGFLOW_URL, ORGFLOW_API_KEY);
  const created = await addContact(client, `ada+${Date.now()}@example.com`);
  console.log("created", created.id);
  console.log("tagged", (await contactsTagged(client, "from-script")).length);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
