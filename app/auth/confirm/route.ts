import type { NextRequest } from "next/server";
import type { EmailOtpType } from "@supabase/supabase-js";
import { safeNextPath } from "@/lib/auth/paths";
import { redirectErrorCode, redirectTo, redirectToAuthError } from "@/lib/auth/redirects";
import { replaceFlash, withFlash } from "@/lib/flash";
import { createSupabaseServerClient } from "@/lib/supabase/server";

const OTP_TYPES = new Set<EmailOtpType>([
  "signup",
  "invite",
  "magiclink",
  "recovery",
  "email_change",
  "email",
]);

function isOtpType(value: string | null): value is EmailOtpType {
  return value !== null && OTP_TYPES.has(value as EmailOtpType);
}

/**
 * Where emailed links land when the email template links here with `?token_hash=&type=` (works in
 * any browser, unlike the PKCE callback): verifies the one-time token, which signs the person in.
 */
export async function GET(request: NextRequest) {
  const params = request.nextUrl.searchParams;
  const errorCode = redirectErrorCode(params);
  if (errorCode) return redirectToAuthError(errorCode);

  const tokenHash = params.get("token_hash");
  const type = params.get("type");
  if (!tokenHash || !isOtpType(type)) return redirectToAuthError(null);

  const supabase = await createSupabaseServerClient();
  const { data, error } = await supabase.auth.verifyOtp({ type, token_hash: tokenHash });
  if (error) return redirectToAuthError(error.code ?? "otp_expired");
  // The first of an email change's two links confirms one address and signs no one in.
  if (type === "email_change" && !data.session) {
    return redirectTo(replaceFlash(safeNextPath(params.get("next"), "/profile"), "email-change-pending"));
  }

  const fallback =
    type === "recovery"
      ? "/reset-password"
      : type === "signup"
        ? withFlash("/dashboard", "email-confirmed")
        : type === "email_change"
          ? withFlash("/profile", "email-changed")
          : undefined;
  return redirectTo(safeNextPath(params.get("next"), fallback));
}
