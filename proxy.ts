import type { NextRequest } from "next/server";
import { FULL_BLEED_SCRIPT } from "@/components/workflows/builder/full-bleed-script";
import { refuseMalformedRequest } from "@/lib/http/request-guard";
import {
  contentSecurityPolicy,
  newNonce,
  scriptHash,
  servedOverHttps,
  STRICT_TRANSPORT_SECURITY,
} from "@/lib/http/security-headers";
import { updateSession } from "@/lib/supabase/proxy";

/** Hashes of the inline scripts the app renders itself (computed once). */
let inlineScriptHashes: Promise<string[]> | undefined;

/**
 * Runs before every request but static files: refuses malformed ones Next would answer with a 500
 * (a bad %-escape in the path, a Server Action from another origin or with a body Next cannot
 * decode) with a clear 4xx; gives the request a fresh CSP nonce (Next reads it from the request's
 * Content-Security-Policy header and puts it on its own scripts; the root layout hands it to
 * next-themes); refreshes the Supabase session and guards the signed-in area; and sends the
 * policy, with HSTS over HTTPS (lib/http/security-headers.ts).
 */
export async function proxy(request: NextRequest) {
  const nonce = newNonce();
  const https = servedOverHttps(request);
  inlineScriptHashes ??= Promise.all([scriptHash(FULL_BLEED_SCRIPT)]);
  const policy = contentSecurityPolicy({
    nonce,
    scriptHashes: await inlineScriptHashes,
    dev: process.env.NODE_ENV === "development",
    https,
  });

  const refused = await refuseMalformedRequest(request);
  let response = refused;
  if (!response) {
    request.headers.set("x-nonce", nonce);
    request.headers.set("content-security-policy", policy);
    response = await updateSession(request);
  }
  response.headers.set("content-security-policy", policy);
  if (https) response.headers.set("strict-transport-security", STRICT_TRANSPORT_SECURITY);
  return response;
}

export const config = {
  matcher: [
    // Everything except Next's assets, the favicon and static files by extension.
    "/((?!_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|avif|ico|txt|xml|webmanifest|woff2?)$).*)",
  ],
};
