import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CLIENT_TYPES_FILE, clientTypesFrom } from "@/lib/api/client-types";
import { openApiDocument } from "@/lib/public-api/openapi";

/**
 * docs/api.md's TypeScript client compiles against types generated from the OpenAPI document
 * (docs/api-client/): they must be what the document gives today, or the example and the guide
 * would describe an API that no longer exists. `npm run api:types` writes them again.
 */
describe("generated client types", () => {
  it("are what openapi-typescript makes of the current OpenAPI document", async () => {
    const fresh = await clientTypesFrom(openApiDocument());
    expect(fresh).toContain('"/api/v1/contacts"');
    expect(fresh).toContain('"/api/v1/bots/{id}"');
    expect(
      readFileSync(CLIENT_TYPES_FILE, "utf8") === fresh,
      "run npm run api:types and commit the file",
    ).toBe(true);
  }, 60_000);
});
