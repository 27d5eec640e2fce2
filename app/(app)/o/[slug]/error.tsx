"use client";

import { ErrorView } from "@/components/errors/error-view";

/** A page of the organization failed to render; its navigation stays. */
export default function OrganizationError({ error, retry }: { error: unknown; retry: () => void }) {
  return <ErrorView error={error} retry={retry} home={{ href: "/dashboard", label: "Go to dashboard" }} />;
}
