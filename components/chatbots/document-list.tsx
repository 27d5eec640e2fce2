"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { FileText, RotateCcw, Trash2 } from "lucide-react";
import { ActionDialogButton } from "@/components/forms/action-dialog";
import { ActionButton } from "@/components/forms/action-button";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import {
  Table,
  TableActionsHead,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { deleteDocumentAction, retryDocumentAction } from "@/lib/chatbots/console-actions";

export type DocumentRow = {
  id: string;
  title: string;
  mimeType: string;
  fileName: string | null;
  status: "pending" | "processing" | "ready" | "failed";
  progress: number;
  sizeBytes: number;
  pageCount: number | null;
  chunkCount: number;
  error: string | null;
  createdAt: string;
};

const POLL_MS = 2000;
const typeLabels: Record<string, string> = {
  "application/pdf": "PDF",
  "text/markdown": "Markdown",
  "text/plain": "Text",
};

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

/**
 * The knowledge base's documents with their processing status. While one is pending or being
 * processed the page refreshes every 2 s, so progress moves without a reload.
 */
export function DocumentList({
  slug,
  botId,
  documents,
  canDelete,
  canRetry,
}: {
  slug: string;
  botId: string;
  documents: readonly DocumentRow[];
  canDelete: boolean;
  canRetry: boolean;
}) {
  const router = useRouter();
  const working = documents.some((d) => d.status === "pending" || d.status === "processing");
  React.useEffect(() => {
    if (!working) return;
    // Progress is followed only while the tab is visible.
    const timer = setInterval(() => {
      if (!document.hidden) router.refresh();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [working, router]);

  if (documents.length === 0) {
    return (
      <EmptyState
        icon={FileText}
        title="No documents yet"
        description="Upload your FAQ, product sheets or policies. The bot answers visitors from them."
      />
    );
  }
  return (
    <div className="overflow-hidden rounded-xl border">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Document</TableHead>
            <TableHead>Status</TableHead>
            <TableHead className="hidden md:table-cell">Passages</TableHead>
            <TableHead className="hidden sm:table-cell">Size</TableHead>
            <TableActionsHead />
          </TableRow>
        </TableHeader>
        <TableBody>
          {documents.map((doc) => (
            <TableRow key={doc.id} data-document-status={doc.status}>
              <TableCell>
                <p className="font-medium break-words">{doc.title}</p>
                <p className="text-xs text-muted-foreground">
                  {typeLabels[doc.mimeType] ?? doc.mimeType}
                  {doc.fileName ? ` · ${doc.fileName}` : ""}
                  {doc.pageCount ? ` · ${doc.pageCount} page${doc.pageCount === 1 ? "" : "s"}` : ""}
                </p>
              </TableCell>
              <TableCell className="min-w-36">
                <DocumentStatus doc={doc} />
              </TableCell>
              <TableCell className="hidden tabular-nums md:table-cell">
                {doc.status === "ready" ? doc.chunkCount : "–"}
              </TableCell>
              <TableCell className="hidden tabular-nums sm:table-cell">{size(doc.sizeBytes)}</TableCell>
              <TableCell className="text-right">
                <div className="flex justify-end gap-1">
                  {canRetry && doc.status === "failed" ? (
                    <ActionButton
                      action={retryDocumentAction}
                      fields={{ organization: slug, bot_id: botId, document_id: doc.id }}
                      variant="ghost"
                      size="icon-sm"
                      aria-label={`Retry ${doc.title}`}
                    >
                      <RotateCcw aria-hidden="true" />
                    </ActionButton>
                  ) : null}
                  {canDelete ? (
                    <ActionDialogButton
                      trigger={{
                        variant: "ghost-destructive",
                        size: "icon-sm",
                        "aria-label": `Delete ${doc.title}`,
                        children: <Trash2 aria-hidden="true" />,
                      }}
                      title={`Delete ${doc.title}?`}
                      description="The document and its passages leave the knowledge base: the bot no longer answers from them. This cannot be undone."
                      action={deleteDocumentAction}
                      fields={{ organization: slug, bot_id: botId, document_id: doc.id }}
                      submitLabel="Delete document"
                      pendingLabel="Deleting…"
                      variant="destructive"
                      onSuccess={() => router.refresh()}
                    />
                  ) : null}
                </div>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function DocumentStatus({ doc }: { doc: DocumentRow }) {
  if (doc.status === "ready") return <Badge variant="success">Ready</Badge>;
  if (doc.status === "failed")
    return (
      <div className="flex flex-col gap-1">
        <Badge variant="destructive">Failed</Badge>
        {doc.error ? <p className="max-w-xs text-xs text-destructive">{doc.error}</p> : null}
      </div>
    );
  const label = doc.status === "pending" ? "Waiting" : `Processing ${doc.progress}%`;
  return (
    <div className="flex flex-col gap-1" role="status">
      <span className="text-xs font-medium">{label}</span>
      <div
        role="progressbar"
        aria-label={`Processing ${doc.title}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={doc.progress}
        className="h-1.5 w-32 overflow-hidden rounded-full bg-muted"
      >
        <div
          className="h-full rounded-full bg-primary transition-[width]"
          style={{ width: `${doc.progress}%` }}
        />
      </div>
    </div>
  );
}
