import { writeFileSync } from "node:fs";
import { CLIENT_TYPES_FILE, clientTypesFrom } from "@/lib/api/client-types";
import { openApiDocument } from "@/lib/public-api/openapi";

// npm run api:types: docs/api-client/orgflow-api.d.ts from the OpenAPI document (see lib/api/client-types.ts).
writeFileSync(CLIENT_TYPES_FILE, await clientTypesFrom(openApiDocument()));
console.log(`wrote ${CLIENT_TYPES_FILE}`);
