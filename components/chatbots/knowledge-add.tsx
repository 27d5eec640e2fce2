"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { FileUp, Type } from "lucide-react";
import { toast } from "sonner";
import { FormAlert } from "@/components/forms/form-alert";
import { useActionForm } from "@/components/forms/use-action-form";
import { useToastAction } from "@/components/forms/use-toast-action";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { Textarea } from "@/components/ui/textarea";
import { addTextDocumentAction } from "@/lib/chatbots/console-actions";
import { cn } from "@/lib/utils/cn";

export type UploadLimits = { pdfBytes: number; textBytes: number; accept: string };

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** Why a chosen file cannot be uploaded, checked before sending (the server checks again). */
export function fileProblem(
  file: { name: string; size: number; type: string },
  limits: UploadLimits,
): string | null {
  const name = file.name.toLowerCase();
  const pdf = name.endsWith(".pdf") || file.type === "application/pdf";
  const text =
    /\.(txt|md|markdown)$/.test(name) || file.type === "text/plain" || file.type === "text/markdown";
  if (!pdf && !text) return "Upload a PDF, a plain-text (.txt) or a Markdown (.md) file.";
  if (file.size === 0) return "The file is empty.";
  const max = pdf ? limits.pdfBytes : limits.textBytes;
  if (file.size > max)
    return `${pdf ? "PDFs" : "Text files"} may be at most ${mb(max)}; this one is ${mb(file.size)}.`;
  return null;
}

/** Add to the knowledge base: upload a file, or paste text. */
export function KnowledgeAdd({ slug, botId, limits }: { slug: string; botId: string; limits: UploadLimits }) {
  const [mode, setMode] = React.useState<"file" | "text">("file");
  return (
    <div className="flex flex-col gap-4 rounded-xl border bg-card p-4 shadow-xs">
      <div role="radiogroup" aria-label="Add" className="flex gap-2">
        {(
          [
            ["file", "Upload a file", FileUp],
            ["text", "Paste text", Type],
          ] as const
        ).map(([id, label, Icon]) => (
          <Button
            key={id}
            role="radio"
            aria-checked={mode === id}
            variant={mode === id ? "secondary" : "ghost"}
            size="sm"
            onClick={() => setMode(id)}
          >
            <Icon aria-hidden="true" />
            {label}
          </Button>
        ))}
      </div>
      {mode === "file" ? (
        <UploadForm slug={slug} botId={botId} limits={limits} />
      ) : (
        <TextForm slug={slug} botId={botId} />
      )}
    </div>
  );
}

function UploadForm({ slug, botId, limits }: { slug: string; botId: string; limits: UploadLimits }) {
  const router = useRouter();
  const [file, setFile] = React.useState<File | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [sending, setSending] = React.useState(false);
  const inputRef = React.useRef<HTMLInputElement>(null);
  const problem = file ? fileProblem(file, limits) : null;

  async function upload(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) return setError("Choose a file to upload.");
    if (problem) return setError(problem);
    const formElement = event.currentTarget;
    const body = new FormData(formElement);
    setSending(true);
    setError(null);
    try {
      const response = await fetch(`/o/${slug}/bots/${botId}/knowledge/upload`, { method: "POST", body });
      const json = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
      if (!response.ok) {
        setError(json?.error?.message ?? `The upload failed (${response.status}).`);
        return;
      }
      toast.success(`Uploaded ${file.name}. It is being processed.`);
      setFile(null);
      formElement.reset();
      router.refresh();
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
    } finally {
      setSending(false);
    }
  }

  return (
    <form onSubmit={(e) => void upload(e)} noValidate className="flex flex-col gap-4">
      {error ? <Alert variant="error">{error}</Alert> : null}
      <div className="grid gap-4 md:grid-cols-2">
        <FormField
          name="file"
          label="File"
          hint={`PDF up to ${mb(limits.pdfBytes)}, text or Markdown up to ${mb(limits.textBytes)}.`}
          error={problem}
        >
          <Input
            ref={inputRef}
            type="file"
            accept={limits.accept}
            className={cn("cursor-pointer file:mr-3 file:font-medium")}
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setError(null);
            }}
          />
        </FormField>
        <FormField name="title" label="Title" optional hint="The file's name when left empty.">
          <Input maxLength={300} />
        </FormField>
      </div>
      <div>
        <Button type="submit" disabled={sending || !file || Boolean(problem)}>
          <FileUp aria-hidden="true" />
          {sending ? "Uploading…" : "Upload"}
        </Button>
      </div>
    </form>
  );
}

function TextForm({ slug, botId }: { slug: string; botId: string }) {
  const router = useRouter();
  const [key, setKey] = React.useState(0);
  const toasting = useToastAction(addTextDocumentAction, {
    onSuccess: () => {
      setKey((k) => k + 1);
      router.refresh();
    },
  });
  const form = useActionForm(toasting);
  return (
    <form key={key} id={form.formId} action={form.formAction} noValidate className="flex flex-col gap-4">
      <input type="hidden" name="organization" value={slug} />
      <input type="hidden" name="bot_id" value={botId} />
      <FormAlert result={form.result} />
      <div className="grid gap-4 md:grid-cols-[minmax(0,1fr)_12rem]">
        <FormField name="title" label="Title" required error={form.fieldError("title")}>
          <Input defaultValue={form.value("title")} maxLength={300} placeholder="Shipping and returns" />
        </FormField>
        <FormField name="format" label="Format" error={form.fieldError("format")}>
          <NativeSelect defaultValue={form.value("format", "markdown")}>
            <option value="markdown">Markdown</option>
            <option value="text">Plain text</option>
          </NativeSelect>
        </FormField>
      </div>
      <FormField name="text" label="Text" required error={form.fieldError("text")}>
        <Textarea
          defaultValue={form.value("text")}
          rows={8}
          placeholder={"## Returns\nYou can return any item within 30 days…"}
        />
      </FormField>
      <div>
        <SubmitButton pendingLabel="Adding…">Add text</SubmitButton>
      </div>
    </form>
  );
}
