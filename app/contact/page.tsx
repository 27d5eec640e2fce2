import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { Mail } from "lucide-react";
import { LegalPage, LegalSection } from "@/components/marketing/legal-page";
import { contactEmail } from "@/lib/marketing/contact";

export const metadata: Metadata = {
  title: "Contact",
  description: "How to reach the people who run this Orgflow installation.",
};

/** The operator's address comes from CONTACT_EMAIL at run time, so one build serves any installation. */
export default async function ContactPage() {
  await connection();
  const email = contactEmail();
  return (
    <LegalPage
      title="Contact"
      intro="Questions about Orgflow, your account, billing, or your data? Write to the people who run this installation."
    >
      <LegalSection title="Email">
        {email ? (
          <>
            <p>
              <a href={`mailto:${email}`} className="inline-flex items-center gap-2 text-lg font-medium">
                <Mail className="size-5" aria-hidden="true" />
                {email}
              </a>
            </p>
            <p className="text-muted-foreground">
              We usually answer within one business day. For your data (a copy, a correction, a deletion),
              write from the email address of your account.
            </p>
          </>
        ) : (
          <p data-contact="unset">
            This installation has not published a contact address yet. If you use it through your company or
            agency, ask them; if you run it, set <code className="font-mono text-sm">CONTACT_EMAIL</code> in
            its environment.
          </p>
        )}
      </LegalSection>
      <LegalSection title="Already a customer?">
        <p>
          Plans and invoices are on your organization&apos;s billing page. Owners and administrators manage
          the team on its members page. Signed out? <Link href="/sign-in">Sign in</Link> or{" "}
          <Link href="/forgot-password">reset your password</Link>.
        </p>
      </LegalSection>
    </LegalPage>
  );
}
