import type { Metadata } from "next";
import { ContactLink, LegalPage, LegalSection } from "@/components/marketing/legal-page";

export const metadata: Metadata = {
  title: "Privacy policy",
  description: "What Orgflow collects, why, who else sees it, and how to get it deleted.",
};

export default function PrivacyPage() {
  return (
    <LegalPage
      title="Privacy policy"
      updated="7 December 2026"
      intro={
        <>
          What this Orgflow installation collects, why, who else sees it, and how to get it deleted. “We”
          means whoever runs this installation (see the <ContactLink />
          ). We do not sell personal data and do not show ads.
        </>
      }
    >
      <LegalSection title="1. What we collect">
        <ul>
          <li>
            <strong>Your account:</strong> your name, email address and password (stored only as a hash).
          </li>
          <li>
            <strong>What your organization puts in:</strong> team members, contacts, workflows and their runs,
            chatbot documents and conversations, sales and commissions, and data synced from the services you
            connect, such as GoHighLevel.
          </li>
          <li>
            <strong>Your website&apos;s visitors:</strong> what they type into your chatbots, and the details
            they choose to leave (name, email, phone). Your organization decides what its bots ask.
          </li>
          <li>
            <strong>Billing:</strong> your plan and invoices. Card details go straight to Stripe; we never see
            or store them.
          </li>
          <li>
            <strong>Logs:</strong> technical records (times, IP addresses, errors) kept to run the service,
            keep it secure and fix problems.
          </li>
        </ul>
      </LegalSection>
      <LegalSection title="2. Why we use it">
        <p>
          Only to provide Orgflow to you: to sign you in, run your workflows and chatbots, compute your
          commissions, bill you, keep the service secure, and answer you when you write to us. For your
          organization&apos;s contacts and visitors, we act on your behalf: you decide why their data is used.
        </p>
      </LegalSection>
      <LegalSection title="3. Who else sees it">
        <ul>
          <li>People in your organization, according to the roles and permissions you give them.</li>
          <li>Stripe, to take payments.</li>
          <li>An email provider, to send account and workflow emails.</li>
          <li>
            An AI model provider, when this installation is set up with one: the questions your chatbots
            answer and the prompts of your AI workflow steps are sent to it.
          </li>
          <li>Services you connect yourself, such as GoHighLevel, receive what your workflows send them.</li>
        </ul>
        <p>Beyond that, we share data only when the law requires it.</p>
      </LegalSection>
      <LegalSection title="4. How we keep it safe">
        <p>
          Every organization&apos;s data is kept apart by the database itself (row-level security).
          Credentials of connected services are encrypted at rest, passwords are hashed, and connections use
          HTTPS.
        </p>
      </LegalSection>
      <LegalSection title="5. Cookies">
        <p>
          Orgflow uses only the cookies it needs to keep you signed in, and remembers your light or dark theme
          in your browser. No advertising or tracking cookies, on this site or in the chat widget.
        </p>
      </LegalSection>
      <LegalSection title="6. How long we keep it">
        <p>
          As long as your account or organization exists. When you delete an organization, its data is deleted
          with it; backups roll over within 30 days. Logs are kept for a short time, then deleted.
        </p>
      </LegalSection>
      <LegalSection title="7. Your rights">
        <p>
          You can see and correct your details on your profile page, export your workflows, and ask us for a
          copy of your data or to delete it. Depending on where you live (for example under the GDPR or the
          CCPA) you may have further rights, such as objecting or complaining to a regulator. Write to us
          through the <ContactLink />; we answer within 30 days. Visitors of a business&apos;s chatbot should
          first ask that business, who decides how their data is used.
        </p>
      </LegalSection>
      <LegalSection title="8. Changes">
        <p>If this policy changes in a way that matters, we will tell you before the change applies.</p>
      </LegalSection>
    </LegalPage>
  );
}
