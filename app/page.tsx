import Link from "next/link";
import { redirect } from "next/navigation";
import { ArrowRight, Bot, Coins, ShieldCheck, Workflow } from "lucide-react";
import { Logo } from "@/components/brand/logo";
import { ThemeToggle } from "@/components/theme/theme-toggle";
import { Button } from "@/components/ui/button";
import { getClaims } from "@/lib/auth/session";

const features = [
  {
    icon: Workflow,
    title: "Automations that keep running",
    body: "Build AI-assisted workflows on a visual canvas. Every run is durable, retried and recorded step by step.",
  },
  {
    icon: Bot,
    title: "Chatbots that know your business",
    body: "Answer customers from your own knowledge base, on your site and in your CRM conversations.",
  },
  {
    icon: Coins,
    title: "Commissions without spreadsheets",
    body: "Turn GoHighLevel payments into commissions that managers approve and pay out in a click.",
  },
  {
    icon: ShieldCheck,
    title: "Built for teams",
    body: "Invite your team with roles from owner to viewer. Every organization's data stays its own.",
  },
] as const;

export default async function LandingPage() {
  if (await getClaims()) redirect("/dashboard");

  return (
    <div className="flex min-h-dvh flex-col">
      <header className="sticky top-0 z-40 border-b bg-background/80 backdrop-blur supports-[backdrop-filter]:bg-background/60">
        <div className="mx-auto flex h-14 max-w-6xl items-center justify-between gap-4 px-4 sm:px-6">
          <Logo />
          <nav aria-label="Account" className="flex items-center gap-1 sm:gap-2">
            <ThemeToggle />
            <Button asChild variant="ghost" size="sm">
              <Link href="/sign-in">Sign in</Link>
            </Button>
            <Button asChild size="sm" className="hidden sm:inline-flex">
              <Link href="/sign-up">Get started</Link>
            </Button>
          </nav>
        </div>
      </header>

      <main className="flex-1">
        <section className="relative overflow-hidden">
          <div
            aria-hidden="true"
            className="pointer-events-none absolute inset-x-0 -top-40 -z-10 mx-auto h-[28rem] max-w-3xl rounded-full bg-primary/15 blur-3xl"
          />
          <div className="mx-auto flex max-w-3xl flex-col items-center gap-6 px-4 pt-16 pb-14 text-center sm:px-6 sm:pt-24 sm:pb-20">
            <span className="inline-flex items-center gap-2 rounded-full border bg-background px-3 py-1 text-xs font-medium text-muted-foreground shadow-xs">
              <span className="size-1.5 rounded-full bg-success" aria-hidden="true" />
              For sales teams and the agencies behind them
            </span>
            <h1 className="text-4xl font-semibold tracking-tight text-balance sm:text-5xl md:text-6xl">
              Your team&apos;s busywork, <span className="text-primary">on autopilot</span>
            </h1>
            <p className="max-w-xl text-base text-pretty text-muted-foreground sm:text-lg">
              Orgflow runs the follow-ups, answers the questions and does the commission math, so your people
              can sell.
            </p>
            <div className="flex w-full flex-col gap-3 sm:w-auto sm:flex-row">
              <Button asChild size="lg">
                <Link href="/sign-up">
                  Get started free
                  <ArrowRight aria-hidden="true" />
                </Link>
              </Button>
              <Button asChild size="lg" variant="outline">
                <Link href="/sign-in">Sign in</Link>
              </Button>
            </div>
          </div>
        </section>

        <section aria-labelledby="features-heading" className="border-t bg-muted/40">
          <div className="mx-auto max-w-6xl px-4 py-16 sm:px-6 sm:py-20">
            <h2 id="features-heading" className="sr-only">
              What Orgflow does
            </h2>
            <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
              {features.map(({ icon: Icon, title, body }) => (
                <li key={title} className="flex flex-col gap-3 rounded-xl border bg-card p-5 shadow-xs">
                  <span className="flex size-9 items-center justify-center rounded-lg bg-primary/10 text-primary">
                    <Icon className="size-5" aria-hidden="true" />
                  </span>
                  <h3 className="font-semibold tracking-tight">{title}</h3>
                  <p className="text-sm text-muted-foreground">{body}</p>
                </li>
              ))}
            </ul>
          </div>
        </section>
      </main>

      <footer className="border-t">
        <div className="mx-auto flex max-w-6xl flex-col items-center justify-between gap-2 px-4 py-6 text-sm text-muted-foreground sm:flex-row sm:px-6">
          <Logo className="opacity-80" />
          <p>&copy; {new Date().getFullYear()} Orgflow</p>
        </div>
      </footer>
    </div>
  );
}
