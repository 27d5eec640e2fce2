import type { Metadata } from "next";
import Link from "next/link";
import {
  ArrowRight,
  Bot,
  Building2,
  Check,
  Coins,
  HardHat,
  Megaphone,
  Stethoscope,
  Workflow,
} from "lucide-react";
import { BuilderPicture } from "@/components/marketing/builder-picture";
import { ChatPicture } from "@/components/marketing/chat-picture";
import { RunsPicture } from "@/components/marketing/runs-picture";
import { SiteFooter } from "@/components/marketing/site-footer";
import { SiteHeader } from "@/components/marketing/site-header";
import { StatementPicture } from "@/components/marketing/statement-picture";
import { TemplateGallery } from "@/components/marketing/template-gallery";
import { Button } from "@/components/ui/button";
import { catalogTemplate, workflowTemplateCatalog } from "@/lib/workflows/templates";

export const metadata: Metadata = {
  title: { absolute: "Orgflow: automations, chatbots and commissions for sales teams" },
  description:
    "Orgflow follows up every lead in seconds, answers and books visitors with a website chatbot, and turns GoHighLevel payments into commissions your managers approve. For roofers, agencies, clinics and other sales-driven small businesses.",
};

const audiences = [
  { icon: HardHat, label: "Roofers & home services" },
  { icon: Megaphone, label: "Marketing agencies" },
  { icon: Stethoscope, label: "Clinics & med spas" },
  { icon: Building2, label: "Any team that lives on sales" },
] as const;

/** The shipped templates shown on the page (the picker has them all). */
const GALLERY = [
  "missed-call-text-back",
  "ghl-form-lead-follow-up",
  "won-deal-celebrate-commission",
  "weekly-sales-digest",
  "invoice-paid-thank-you",
  "chatbot-lead-to-ghl",
];

/**
 * Needs no session (signed-in members never see it: proxy.ts sends them on to their dashboard).
 * Rendered per request all the same, like every page: its scripts carry the request's CSP nonce
 * (app/layout.tsx, proxy.ts), which a page prerendered at build time could not have.
 */
export default function LandingPage() {
  const hero = catalogTemplate("won-deal-celebrate-commission")!;
  const gallery = GALLERY.map((key) => catalogTemplate(key)!);
  // The five templates that came first are in the database only; the catalog holds the rest.
  const templateCount = workflowTemplateCatalog.length + 5;

  return (
    <div className="flex min-h-dvh flex-col">
      <SiteHeader />
      <main id="main" className="flex-1">
        <section className="relative overflow-hidden">
          <div
            aria-hidden="true"
            className="pointer-events-none absolute inset-x-0 -top-40 -z-10 mx-auto h-[28rem] max-w-3xl rounded-full bg-primary/15 blur-3xl"
          />
          <div className="mx-auto flex max-w-6xl flex-col items-center gap-6 px-4 pt-12 pb-12 text-center sm:px-6 sm:pt-20 sm:pb-16">
            <span className="inline-flex items-center gap-2 rounded-full border bg-background px-3 py-1 text-xs font-medium text-muted-foreground shadow-xs">
              <span className="size-1.5 rounded-full bg-success" aria-hidden="true" />
              For sales-driven small businesses and their agencies
            </span>
            <h1 className="max-w-3xl text-4xl font-semibold tracking-tight text-balance sm:text-5xl md:text-6xl">
              Every lead answered. <span className="text-primary">Every commission right.</span>
            </h1>
            <p className="max-w-2xl text-base text-pretty text-muted-foreground sm:text-lg">
              Orgflow follows up every lead in seconds with visual workflows, lets a website chatbot answer,
              qualify and book your visitors, and turns each GoHighLevel payment into a commission your
              managers approve in a click.
            </p>
            <div className="flex w-full flex-col gap-3 sm:w-auto sm:flex-row">
              <Button asChild size="lg">
                <Link href="/sign-up">
                  Start free
                  <ArrowRight aria-hidden="true" />
                </Link>
              </Button>
              <Button asChild size="lg" variant="outline">
                <Link href="/pricing">See pricing</Link>
              </Button>
            </div>
            <p className="text-xs text-muted-foreground">
              Free plan, no card needed. Works with GoHighLevel.
            </p>
            <div className="mt-4 w-full">
              <BuilderPicture
                template={hero}
                ran={["event_1", "notify_1", "notify_2", "condition_1", "ghl_1"]}
              />
            </div>
          </div>
        </section>

        <section aria-label="Who it is for" className="border-y bg-muted/40">
          <ul className="mx-auto grid max-w-6xl grid-cols-2 gap-x-4 gap-y-3 px-4 py-5 text-sm text-muted-foreground sm:px-6 md:grid-cols-4">
            {audiences.map(({ icon: Icon, label }) => (
              <li key={label} className="flex items-center gap-2">
                <Icon className="size-4 shrink-0 text-primary" aria-hidden="true" />
                {label}
              </li>
            ))}
          </ul>
        </section>

        <div id="product" className="scroll-mt-16">
          <Feature
            icon={Workflow}
            eyebrow="Workflows"
            title="Automations that follow up while you work"
            points={[
              "Missed call? The caller gets a text back in seconds, and your team a reminder to call.",
              "Start from GoHighLevel, your website's forms, a schedule or a chatbot conversation.",
              "Every run is durable: retried when a service hiccups, recorded step by step so you can see why.",
            ]}
            picture={<RunsPicture />}
          />
          <Feature
            icon={Bot}
            eyebrow="Chatbots"
            title="A website chatbot that answers, qualifies and books"
            points={[
              "Answers from your own documents: FAQs, price lists, PDFs.",
              "Ready-made flows for appointment requests, quotes and lead qualification.",
              "Hands the conversation to your team's inbox when a person should take over. One line of code on your site.",
            ]}
            picture={<ChatPicture />}
            flip
          />
          <Feature
            icon={Coins}
            eyebrow="Commissions"
            title="Commissions your reps can read and your managers approve"
            points={[
              "Every paid GoHighLevel invoice, order or won deal becomes a sale, credited to the right rep.",
              "Percentages, flat fees, tiers with accelerators, splits and caps, worked out to the cent.",
              "Approvals, payouts and clawbacks when a payment is refunded. No more spreadsheets.",
            ]}
            picture={<StatementPicture />}
          />
        </div>

        <section
          id="templates"
          aria-labelledby="templates-heading"
          className="scroll-mt-16 border-t bg-muted/40"
        >
          <div className="mx-auto flex max-w-6xl flex-col gap-6 px-4 py-14 sm:px-6 sm:py-20">
            <div className="flex max-w-2xl flex-col gap-2">
              <h2 id="templates-heading" className="text-2xl font-semibold tracking-tight sm:text-3xl">
                Start from a template made for the job
              </h2>
              <p className="text-muted-foreground">
                {templateCount} workflow templates and 5 chatbot flows for what sales teams do every day. Pick
                one, change what you like, publish.
              </p>
            </div>
            <TemplateGallery templates={gallery} />
          </div>
        </section>

        <section aria-labelledby="cta-heading">
          <div className="mx-auto flex max-w-3xl flex-col items-center gap-5 px-4 py-16 text-center sm:px-6 sm:py-20">
            <h2 id="cta-heading" className="text-2xl font-semibold tracking-tight text-balance sm:text-3xl">
              Your first automation can be running today
            </h2>
            <p className="text-muted-foreground">
              Start on the free plan. Upgrade when your team, your automations or your chatbots need more
              room.
            </p>
            <div className="flex w-full flex-col gap-3 sm:w-auto sm:flex-row">
              <Button asChild size="lg">
                <Link href="/sign-up">
                  Start free
                  <ArrowRight aria-hidden="true" />
                </Link>
              </Button>
              <Button asChild size="lg" variant="outline">
                <Link href="/pricing">Compare plans</Link>
              </Button>
            </div>
          </div>
        </section>
      </main>
      <SiteFooter />
    </div>
  );
}

function Feature({
  icon: Icon,
  eyebrow,
  title,
  points,
  picture,
  flip = false,
}: {
  icon: typeof Workflow;
  eyebrow: string;
  title: string;
  points: string[];
  picture: React.ReactNode;
  flip?: boolean;
}) {
  return (
    <section className="border-t">
      <div className="mx-auto grid max-w-6xl items-center gap-8 px-4 py-14 sm:px-6 sm:py-20 lg:grid-cols-2 lg:gap-14">
        <div className={flip ? "lg:order-2" : undefined}>
          <p className="mb-3 inline-flex items-center gap-2 text-sm font-medium text-primary">
            <Icon className="size-4" aria-hidden="true" />
            {eyebrow}
          </p>
          <h2 className="text-2xl font-semibold tracking-tight text-balance sm:text-3xl">{title}</h2>
          <ul className="mt-5 flex flex-col gap-3">
            {points.map((point) => (
              <li key={point} className="flex gap-3 text-muted-foreground">
                <Check className="mt-0.5 size-5 shrink-0 text-success" aria-hidden="true" />
                <span>{point}</span>
              </li>
            ))}
          </ul>
        </div>
        <div className="min-w-0">{picture}</div>
      </div>
    </section>
  );
}
