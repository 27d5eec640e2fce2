import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SecondFactorForm } from "@/components/auth/second-factor-form";
import { Button } from "@/components/ui/button";
import { TextLink } from "@/components/ui/text-link";
import { signOutAction } from "@/lib/auth/actions";
import { safeNextPath, SECOND_FACTOR_PATH } from "@/lib/auth/paths";
import { getClaims, getClaimsAwaitingSecondFactor } from "@/lib/auth/session";
import { firstParam, hrefWithParams, type SearchParams } from "@/lib/utils/search-params";

export const metadata: Metadata = { title: "Two-factor authentication" };

/** The code step of signing in, for accounts with two-factor authentication. */
export default async function SecondFactorPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const next = safeNextPath(firstParam(params.next));
  if (!(await getClaimsAwaitingSecondFactor())) redirect((await getClaims()) ? next : "/sign-in");
  const recovery = firstParam(params.method) === "recovery";
  const otherHref = hrefWithParams(SECOND_FACTOR_PATH, { method: recovery ? undefined : "recovery", next });
  return (
    <AuthCard
      title={recovery ? "Use a recovery code" : "Enter your code"}
      description={
        recovery
          ? "Enter one of the recovery codes you saved when you turned on two-factor authentication. Each works once."
          : "Open your authenticator app and enter the 6-digit code it shows for Orgflow."
      }
      footer={
        <div className="flex flex-col items-center gap-2">
          <TextLink href={otherHref}>
            {recovery ? "Use your authenticator app instead" : "Lost your phone? Use a recovery code"}
          </TextLink>
          <form action={signOutAction}>
            <Button type="submit" variant="link" className="h-auto p-0 text-sm text-muted-foreground">
              Sign out
            </Button>
          </form>
        </div>
      }
    >
      <SecondFactorForm next={next} recovery={recovery} />
    </AuthCard>
  );
}
