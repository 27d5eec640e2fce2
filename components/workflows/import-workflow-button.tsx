"use client";

import * as React from "react";
import { Upload } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { importWorkflowAction } from "@/lib/workflows/actions";
import { parseWorkflowImport } from "@/lib/workflows/transfer";
import { ImportProblemsDialog } from "./builder/dialogs";
import { callAction } from "./call-action";
import { JsonFileInput } from "./json-file-input";

/**
 * "Import": reads an exported workflow file, checks it here (reasons for anything wrong, nothing
 * created), then creates a draft from it on the server (which checks again) and opens it.
 */
export function ImportWorkflowButton({ slug }: { slug: string }) {
  const fileRef = React.useRef<HTMLInputElement>(null);
  const [reasons, setReasons] = React.useState<string[] | null>(null);
  const [pending, setPending] = React.useState(false);

  async function importFile(file: File) {
    const parsed = parseWorkflowImport(await file.text());
    if (!parsed.ok) {
      setReasons(parsed.reasons);
      return;
    }
    setPending(true);
    try {
      // On success the action opens the new workflow (a redirect); only failures come back.
      const result = await callAction(importWorkflowAction, {
        organization: slug,
        name: parsed.workflow.name,
        description: parsed.workflow.description,
        definition: JSON.stringify(parsed.workflow.definition),
      });
      if (result && !result.ok) toast.error(result.error.message);
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      <Button variant="outline" loading={pending} onClick={() => fileRef.current?.click()}>
        <Upload aria-hidden="true" />
        Import
      </Button>
      <JsonFileInput ref={fileRef} onFile={(file) => void importFile(file)} />
      <ImportProblemsDialog
        open={reasons !== null}
        onOpenChange={(open) => !open && setReasons(null)}
        reasons={reasons ?? []}
      />
    </>
  );
}
