import type { Metadata } from "next";
import Link from "next/link";
import { ContactLink, LegalPage, LegalSection } from "@/components/marketing/legal-page";

export const metadata: Metadata = {
  title: "Terms of service",
  description: "The rules for using Orgflow, in plain language.",
};

export default function TermsPage() {
  return (
    <LegalPage
      title="Terms of service"
      updated="7 December 2026"
      intro={
        <>
          The rules for using Orgflow, in plain language. “We” means whoever runs this Orgflow installation
          (see the <ContactLink />
          ); “you” means the person or business using it. By creating an account you agree to these terms.
        </>
      }
    >
      <LegalSection title="1. What Orgflow is">
        <p>
          Orgflow is software for sales teams: workflows that automate follow-ups, chatbots for your website,
          and commission tracking from your sales. Orgflow can be run by us as a service, or by anyone on
          their own server; these terms cover the installation you are using.
        </p>
      </LegalSection>
      <LegalSection title="2. Your account and your team">
        <ul>
          <li>
            Give accurate details, keep your password safe, and tell us if you think someone else got in.
          </li>
          <li>
            An organization&apos;s owner decides who joins it and with which role, and is responsible for what
            its members do in it.
          </li>
          <li>
            You must be old enough to form a contract where you live, and use Orgflow for your business.
          </li>
        </ul>
      </LegalSection>
      <LegalSection title="3. Your data stays yours">
        <p>
          Contacts, documents, conversations, workflows and sales you put into Orgflow belong to you. You let
          us store and process them only to run the service for you, as described in the{" "}
          <Link href="/privacy">privacy policy</Link>. You can export your workflows at any time, and ask us
          to delete your organization.
        </p>
      </LegalSection>
      <LegalSection title="4. Use it fairly and lawfully">
        <p>You agree not to use Orgflow to:</p>
        <ul>
          <li>
            send texts, emails or calls to people who did not agree to receive them, or break the rules that
            govern them where you work (for example TCPA, CAN-SPAM, CASL or GDPR);
          </li>
          <li>collect data you have no right to, or mislead the visitors your chatbots talk to;</li>
          <li>
            attack, overload or probe the service, or get around its limits or other organizations&apos;
            walls;
          </li>
          <li>break the terms of services you connect, such as GoHighLevel or Stripe.</li>
        </ul>
        <p>We may suspend an account that does these things, and will tell you why when we can.</p>
      </LegalSection>
      <LegalSection title="5. Automations and AI answers">
        <p>
          Workflows do what you build them to do, and chatbot answers written by an AI model can be wrong.
          Check your workflows before you publish them and the answers your bots give; you are responsible for
          what they send in your name.
        </p>
      </LegalSection>
      <LegalSection title="6. Plans and payments">
        <ul>
          <li>
            The free plan costs nothing. Paid plans are billed in advance through Stripe, monthly or yearly,
            at the prices on the <Link href="/pricing">pricing page</Link>.
          </li>
          <li>
            You can cancel any time from the billing page; the plan runs to the end of the period you paid
            for. Moving to a smaller plan never deletes anything.
          </li>
          <li>We will tell you at least 30 days before a price change applies to you.</li>
        </ul>
      </LegalSection>
      <LegalSection title="7. Availability and changes">
        <p>
          We work to keep Orgflow running and your data safe, but we cannot promise it will never be down or
          never have a bug. We may improve or change features; if we remove something you rely on, we will
          tell you ahead of time.
        </p>
      </LegalSection>
      <LegalSection title="8. Liability">
        <p>
          Orgflow is provided “as is”. As far as the law allows, we are not liable for indirect losses such as
          lost profits or lost data, and our total liability is limited to what you paid us in the 12 months
          before the claim. Nothing here limits rights the law gives you that cannot be limited.
        </p>
      </LegalSection>
      <LegalSection title="9. Ending">
        <p>
          You can stop using Orgflow and delete your organization at any time. We may end these terms with 30
          days&apos; notice, or at once for a serious breach. Either way, you can export your data before it
          is deleted.
        </p>
      </LegalSection>
      <LegalSection title="10. Questions">
        <p>
          If these terms change in a way that matters, we will tell you before the change applies. Questions?
          Use the <ContactLink />.
        </p>
      </LegalSection>
    </LegalPage>
  );
}
