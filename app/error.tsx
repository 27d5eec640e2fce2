"use client";

import { ErrorView } from "@/components/errors/error-view";

/** A public page (landing, auth) failed to render. */
export default function RootError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-lg items-center px-4 py-16">
      <div className="w-full">
        <ErrorView error={error} retry={retry} home={{ href: "/", label: "Go home" }} />
      </div>
    </main>
  );
}
