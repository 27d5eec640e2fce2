import Link from "next/link";
import { ShieldX } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

/** A member opened a page their role does not include (forbidden() in the page). */
export default function OrganizationForbidden() {
  return (
    <EmptyState
      icon={ShieldX}
      title="You don't have access to this page"
      description="Your role in this organization doesn't include it. If you need it, ask an owner or an administrator to change your role or its permissions."
      action={
        <Button asChild variant="outline">
          <Link href="/dashboard">Back to the dashboard</Link>
        </Button>
      }
    />
  );
}
