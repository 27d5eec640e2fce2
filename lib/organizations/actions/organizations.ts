"use server";

import { redirect } from "next/navigation";
import { defineAction } from "@/lib/actions/action";
import { defineOrgAction } from "@/lib/actions/org-action";
import { requireLiveSession } from "@/lib/auth/session";
import { withUser } from "@/lib/db/client";
import { AppError, asFieldError } from "@/lib/errors";
import { withFlash } from "@/lib/flash";
import { createOrganization, deleteOrganization, updateOrganization } from "../organizations";
import { createOrganizationSchema, deleteOrganizationSchema, updateOrganizationSchema } from "./schemas";
import { revalidateShell } from "@/lib/http/revalidate";

export const createOrganizationAction = defineAction({
  schema: createOrganizationSchema,
  auth: "user",
  async handler({ input, claims }) {
    const organization = await withUser(claims, (tx) =>
      createOrganization(tx, { name: input.name, slug: input.slug ?? null }),
    ).catch((e: unknown) => asFieldError(e, "slug", ["conflict", "validation_failed"]));
    revalidateShell();
    redirect(withFlash(`/o/${organization.slug}`, "organization-created"));
  },
});

export const updateOrganizationAction = defineOrgAction({
  schema: updateOrganizationSchema,
  permission: ["organizations", "update"],
  transaction: true,
  async handler({ input, tx, org }) {
    const updated = await updateOrganization(tx, org.organization.id, input).catch((e: unknown) =>
      asFieldError(e, "slug"),
    );
    revalidateShell();
    // The old address stops working at once: carry on at the new one.
    if (updated.slug !== org.organization.slug) {
      redirect(withFlash(`/o/${updated.slug}/settings`, "organization-updated"));
    }
    return { slug: updated.slug };
  },
  successMessage: "The organization's settings have been saved.",
});

export const deleteOrganizationAction = defineOrgAction({
  schema: deleteOrganizationSchema,
  permission: ["organizations", "delete"],
  transaction: true,
  async handler({ input, claims, tx, org }) {
    const { slug } = org.organization;
    if (input.confirm !== slug) {
      throw new AppError("validation_failed", `Type ${slug} to confirm.`, {
        confirm: [`Type ${slug} exactly, to show this is the organization you mean.`],
      });
    }
    // Irreversible: a signed-out session's still-valid token may not do it.
    await requireLiveSession(claims);
    await deleteOrganization(tx, org.organization.id);
    revalidateShell();
    redirect(withFlash("/dashboard", "organization-deleted"));
  },
});
