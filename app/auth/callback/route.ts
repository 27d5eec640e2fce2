import type { NextRequest } from "next/server";
import { safeNextPath } from "@/lib/auth/paths";
import {
  isEmailChangeHalfConfirmed,
  redirectErrorCode,
  redirectTo,
  redirectToAuthError,
} from "@/lib/auth/redirects";
import { replaceFlash } from "@/lib/flash";
import { createSupabaseServerClient } from "@/lib/supabase/server";

/**
 * Where emailed links land in the PKCE flow (sign-up confirmation, password reset, email change): exchanges
 * `?code=` for a session (the code verifier cookie was set when the email was requested) and
 * continues to a same-origin `next`.
 */
export async function GET(request: NextRequest) {
  const params = request.nextUrl.searchParams;
  const errorCode = redirectErrorCode(params);
  if (errorCode) return redirectToAuthError(errorCode);

  const code = params.get("code");
  // The first of an email change's two links: nothing to sign in with yet.
  if (!code && isEmailChangeHalfConfirmed(params)) {
    return redirectTo(replaceFlash(safeNextPath(params.get("next")), "email-change-pending"));
  }
  if (!code) return redirectToAuthError(null);

  const supabase = await createSupabaseServerClient();
  const { error } = await supabase.auth.exchangeCodeForSession(code);
  if (error) return redirectToAuthError(error.code ?? "flow_state_not_found");

  return redirectTo(safeNextPath(params.get("next")));
}
