"use client";

import { DoorOpen } from "lucide-react";
import { ActionDialogButton } from "@/components/forms/action-dialog";
import { leaveDialogProps } from "@/components/organizations/members/member-actions";
import { ActionCard } from "@/components/ui/action-card";

/** The end of the members page: leaving the organization, behind a confirmation. */
export function LeaveOrganizationCard({
  slug,
  organizationName,
  isOwner,
}: {
  slug: string;
  organizationName: string;
  isOwner: boolean;
}) {
  return (
    <ActionCard
      title={`Leave ${organizationName}`}
      description="You'll lose access to its members, team and settings at once."
      action={
        <ActionDialogButton
          trigger={{
            variant: "outline",
            children: (
              <>
                <DoorOpen aria-hidden="true" />
                Leave organization
              </>
            ),
          }}
          {...leaveDialogProps(slug, isOwner)}
        />
      }
    />
  );
}
