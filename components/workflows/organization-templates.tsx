"use client";

import { Trash2 } from "lucide-react";
import { ActionDialogButton } from "@/components/forms/action-dialog";
import { deleteTemplateAction } from "@/lib/workflows/actions";

/**
 * The organization's own templates, for those who may delete them. Kept out of the "start from"
 * picker so a delete button never sits inside the create form.
 */
export function OrganizationTemplates({
  slug,
  templates,
}: {
  slug: string;
  templates: { id: string; name: string; description: string }[];
}) {
  if (templates.length === 0) return null;
  return (
    <section aria-labelledby="org-templates-heading" className="flex flex-col gap-3">
      <h2 id="org-templates-heading" className="text-sm font-medium">
        Your organization&apos;s templates
      </h2>
      <ul className="divide-y rounded-xl border bg-card text-sm">
        {templates.map((t) => (
          <li key={t.id} className="flex items-center justify-between gap-4 px-4 py-3">
            <div className="min-w-0">
              <p className="truncate font-medium">{t.name}</p>
              {t.description ? (
                <p className="truncate text-[13px] text-muted-foreground">{t.description}</p>
              ) : null}
            </div>
            <ActionDialogButton
              trigger={{
                variant: "ghost",
                size: "sm",
                "aria-label": `Delete template ${t.name}`,
                children: (
                  <>
                    <Trash2 aria-hidden="true" />
                    <span className="max-sm:sr-only">Delete</span>
                  </>
                ),
              }}
              title={`Delete the template “${t.name}”?`}
              description="Nobody in the organization will be able to start from it. Workflows already made from it are not changed."
              action={deleteTemplateAction}
              fields={{ organization: slug, id: t.id }}
              submitLabel="Delete template"
              pendingLabel="Deleting…"
              variant="destructive"
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
