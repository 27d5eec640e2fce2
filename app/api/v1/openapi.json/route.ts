import { NextResponse } from "next/server";
import { withRequestId } from "@/lib/actions/api-key-route";
import { openApiDocument } from "@/lib/public-api/openapi";

/** GET /api/v1/openapi.json: the API's OpenAPI 3.1 document. Public, needs no key; caches may keep it. */
export function GET(): Response {
  return withRequestId(
    NextResponse.json(openApiDocument(), {
      headers: { "Cache-Control": "public, max-age=300, stale-while-revalidate=3600" },
    }),
  );
}
