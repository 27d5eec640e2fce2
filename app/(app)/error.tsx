"use client";

import { ErrorView } from "@/components/errors/error-view";

/** A signed-in page failed to render; the app shell stays. */
export default function AppError({ error, retry }: { error: unknown; retry: () => void }) {
  return <ErrorView error={error} retry={retry} home={{ href: "/dashboard", label: "Go to dashboard" }} />;
}
