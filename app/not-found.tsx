import type { Metadata } from "next";
import { Logo } from "@/components/brand/logo";
import { NotFoundMessage } from "@/components/app-shell/not-found-message";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="flex h-14 items-center px-4 sm:px-6">
        <Logo />
      </header>
      <main id="main" className="flex flex-1 items-center justify-center px-4 pb-16">
        <NotFoundMessage />
      </main>
    </div>
  );
}
