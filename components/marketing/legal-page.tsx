import Link from "next/link";
import { SiteFooter } from "@/components/marketing/site-footer";
import { SiteHeader } from "@/components/marketing/site-header";

/** The frame of the plain-language pages (terms, privacy, contact): header, a readable column, footer. */
export function LegalPage({
  title,
  intro,
  updated,
  children,
}: {
  title: string;
  intro: React.ReactNode;
  updated?: string;
  children: React.ReactNode;
}) {
  return (
    <div className="flex min-h-dvh flex-col">
      <SiteHeader />
      <main
        id="main"
        className="mx-auto flex w-full max-w-3xl flex-1 flex-col gap-8 px-4 py-12 sm:px-6 sm:py-16"
      >
        <header className="flex flex-col gap-3">
          <h1 className="text-3xl font-semibold tracking-tight sm:text-4xl">{title}</h1>
          <div className="text-base text-pretty text-muted-foreground sm:text-lg">{intro}</div>
          {updated ? <p className="text-sm text-muted-foreground">Last updated {updated}.</p> : null}
        </header>
        <div className="flex flex-col gap-8">{children}</div>
      </main>
      <SiteFooter />
    </div>
  );
}

/** One numbered part of a legal page. */
export function LegalSection({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="flex flex-col gap-3 text-[15px] leading-relaxed [&_a]:text-primary [&_a]:underline-offset-4 hover:[&_a]:underline [&_li]:ml-5 [&_li]:list-disc [&_ul]:flex [&_ul]:flex-col [&_ul]:gap-1.5">
      <h2 className="text-lg font-semibold tracking-tight">{title}</h2>
      {children}
    </section>
  );
}

export function ContactLink() {
  return <Link href="/contact">contact page</Link>;
}
