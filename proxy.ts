import type { NextRequest } from "next/server";
import { updateSession } from "@/lib/supabase/proxy";

/** Refreshes the Supabase session on every page request and guards the signed-in area. */
export async function proxy(request: NextRequest) {
  return updateSession(request);
}

export const config = {
  matcher: [
    // Everything except Next's assets, the favicon and static files by extension.
    "/((?!_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|avif|ico|txt|xml|webmanifest|woff2?)$).*)",
  ],
};
