import type { Metadata } from "next";
import Link from "next/link";
import { CircleX } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { requireOrganizationPage } from "@/lib/organizations/page";

export const metadata: Metadata = { title: "Checkout canceled" };

/** Where Stripe Checkout sends someone who went back without paying. */
export default async function CheckoutCanceledPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await requireOrganizationPage(slug, { path: "/billing/cancel" });
  return (
    <EmptyState
      icon={CircleX}
      title="Checkout canceled"
      description="Nothing was charged and your plan is unchanged. You can pick a plan again whenever you're ready."
      action={
        <Button asChild>
          <Link href={`/o/${slug}/billing`}>Back to billing</Link>
        </Button>
      }
    />
  );
}
