import type { NextRequest } from "next/server";
import { refuseMalformedRequest } from "@/lib/http/request-guard";
import { updateSession } from "@/lib/supabase/proxy";

/**
 * Runs before every request: refuses malformed ones Next would answer with a 500 (a bad %-escape
 * in the path, a Server Action from another origin or with a body Next cannot decode) with a
 * clear 4xx, then refreshes the Supabase session and guards the signed-in area.
 */
export async function proxy(request: NextRequest) {
  return (await refuseMalformedRequest(request)) ?? updateSession(request);
}

export const config = {
  matcher: [
    // Everything except Next's assets, the favicon and static files by extension.
    "/((?!_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|avif|ico|txt|xml|webmanifest|woff2?)$).*)",
  ],
};
