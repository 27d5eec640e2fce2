import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";
import { TextLink } from "@/components/ui/text-link";
import { mailboxEnabled } from "@/lib/mail/mailbox-enabled";

export const metadata: Metadata = { title: "Reset your password" };

export default function ForgotPasswordPage() {
  return (
    <AuthCard
      title="Forgot your password?"
      description="Enter the email you signed up with and we'll send you a link to choose a new one."
      footer={
        <>
          Remembered it? <TextLink href="/sign-in">Back to sign in</TextLink>
        </>
      }
    >
      <ForgotPasswordForm mailboxHref={mailboxEnabled() ? "/dev/mailbox" : undefined} />
    </AuthCard>
  );
}
