import { NextResponse } from "next/server";
import { apiMethods, withRequestId } from "@/lib/actions/api-key-route";
import { openApiDocument } from "@/lib/public-api/openapi";

/** GET /api/v1/openapi.json: the API's OpenAPI 3.1 document. Public, needs no key; caches may keep it. */
function getDocument(): Response {
  return withRequestId(
    NextResponse.json(openApiDocument(), {
      headers: { "Cache-Control": "public, max-age=300, stale-while-revalidate=3600" },
    }),
  );
}

export const { GET, POST, PUT, PATCH, DELETE } = apiMethods({ GET: getDocument });
