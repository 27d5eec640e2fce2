import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { AuthErrorMessage } from "@/components/auth/auth-error-message";
import { Button } from "@/components/ui/button";
import { authRedirectErrorMessage } from "@/lib/auth/messages";
import { firstParam, type SearchParams } from "@/lib/utils/search-params";

export const metadata: Metadata = { title: "That link didn't work" };

/** Where failed email links and auth redirects land (see app/auth/callback and app/auth/confirm). */
export default async function AuthErrorPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const message = authRedirectErrorMessage({
    error_code: firstParam(params.code) ?? firstParam(params.error_code),
    error: firstParam(params.error),
  });

  return (
    <AuthCard title="That link didn't work">
      <div className="flex flex-col gap-6">
        <AuthErrorMessage serverMessage={message} />
        <div className="flex flex-col gap-3">
          <Button asChild className="w-full">
            <Link href="/sign-in">Go to sign in</Link>
          </Button>
          <Button asChild variant="outline" className="w-full">
            <Link href="/forgot-password">Request a new reset link</Link>
          </Button>
        </div>
      </div>
    </AuthCard>
  );
}
