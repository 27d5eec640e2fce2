import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** Shown on the overview until the organization has a commission plan. */
export function StartPlanAlert({ base, canCreate }: { base: string; canCreate: boolean }) {
  return (
    <Alert title="Start with a commission plan">
      <p>
        A plan says how your team earns: a percentage or a fixed amount per sale, tiers, who it applies to.
        Once it exists, every payment from GoHighLevel or entered by hand becomes a commission line to approve
        here.
      </p>
      {canCreate ? (
        <p className="mt-2">
          <Button asChild size="sm">
            <Link href={`${base}/rules`}>Create a plan</Link>
          </Button>
        </p>
      ) : (
        <p className="mt-1">Ask an owner or administrator to create one.</p>
      )}
    </Alert>
  );
}
