import "@fontsource-variable/inter";
import "./globals.css";

import { Suspense } from "react";
import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import { FlashToast } from "@/components/flash-toast";
import { ThemeProvider } from "@/components/theme/theme-provider";
import { Toaster } from "@/components/ui/sonner";

export const metadata: Metadata = {
  title: { default: "Orgflow", template: "%s · Orgflow" },
  description:
    "Orgflow runs the busywork of sales-driven teams: AI-assisted automations, chatbots that know your business, and commissions your managers approve in a click.",
  applicationName: "Orgflow",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#16171d" },
  ],
};

/**
 * Every page renders per request: its scripts carry the request's CSP nonce (set by proxy.ts),
 * which a page built ahead of time could not have. Reading the headers here makes them dynamic.
 */
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    // next-themes sets the theme class on <html> before React hydrates (its script: the nonce).
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-dvh">
        <ThemeProvider nonce={nonce}>
          {children}
          <Toaster />
          <Suspense fallback={null}>
            <FlashToast />
          </Suspense>
        </ThemeProvider>
      </body>
    </html>
  );
}
