import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { TextLink } from "@/components/ui/text-link";
import { redirectIfSignedIn } from "@/lib/auth/session";
import { firstParam, hrefWithParams, type SearchParams } from "@/lib/utils/search-params";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const next = await redirectIfSignedIn(firstParam(params.next));

  // The other page keeps where to go next and the address already known (e.g. from an invitation).
  const signUpHref = hrefWithParams("/sign-up", { next, email: firstParam(params.email) });
  return (
    <AuthCard
      title="Welcome back"
      description="Sign in to your Orgflow account."
      footer={
        <>
          New to Orgflow? <TextLink href={signUpHref}>Create an account</TextLink>
        </>
      }
    >
      <SignInForm next={next} defaultEmail={firstParam(params.email)} />
    </AuthCard>
  );
}
