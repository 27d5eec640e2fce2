import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { Button } from "@/components/ui/button";
import { redirect } from "next/navigation";
import { SECOND_FACTOR_PATH, withNextParam } from "@/lib/auth/paths";
import { getClaims, getClaimsAwaitingSecondFactor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Choose a new password" };

/**
 * Reached from the reset email through /auth/callback, which signs the person in with a recovery
 * session. Without a session the link was expired, used, or opened in another browser.
 */
export default async function ResetPasswordPage() {
  const claims = await getClaims();
  // With two-factor authentication the recovery session is aal1: the code comes first, and
  // Supabase Auth refuses a new password without it.
  if (!claims && (await getClaimsAwaitingSecondFactor())) {
    redirect(withNextParam(SECOND_FACTOR_PATH, "/reset-password"));
  }
  if (!claims) {
    return (
      <AuthCard
        title="This link has expired"
        description="Reset links work once and expire after a while. Request a new one and open it in this browser."
      >
        <div className="flex flex-col gap-3">
          <Button asChild className="w-full">
            <Link href="/forgot-password">Request a new link</Link>
          </Button>
          <Button asChild variant="ghost" className="w-full">
            <Link href="/sign-in">Back to sign in</Link>
          </Button>
        </div>
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title="Choose a new password"
      description={
        claims.email ? (
          <>
            For <span className="font-medium text-foreground">{claims.email}</span>
          </>
        ) : undefined
      }
    >
      <ResetPasswordForm />
    </AuthCard>
  );
}
