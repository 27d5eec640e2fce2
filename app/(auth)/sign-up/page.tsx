import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { TextLink } from "@/components/ui/text-link";
import { redirectIfSignedIn } from "@/lib/auth/session";
import { mailboxEnabled } from "@/lib/mail/mailbox-enabled";
import { firstParam, hrefWithParams, type SearchParams } from "@/lib/utils/search-params";

export const metadata: Metadata = { title: "Create your account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const next = await redirectIfSignedIn(firstParam(params.next));

  // The other page keeps where to go next and the address already known (e.g. from an invitation).
  const signInHref = hrefWithParams("/sign-in", { next, email: firstParam(params.email) });
  return (
    <AuthCard
      title="Create your account"
      description="Start automating your team's busywork in minutes."
      footer={
        <>
          Already have an account? <TextLink href={signInHref}>Sign in</TextLink>
        </>
      }
    >
      <SignUpForm
        next={next}
        mailboxHref={mailboxEnabled() ? "/dev/mailbox" : undefined}
        defaultEmail={firstParam(params.email)?.trim().slice(0, 254)}
      />
    </AuthCard>
  );
}
