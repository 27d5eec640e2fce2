"use client";

import { History, RotateCcw } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";

export type BuilderVersion = {
  id: string;
  version: number;
  note: string | null;
  authorName: string | null;
  nodeCount: number;
  createdAt: string;
};

/** Who published what and when; any version can be put back into the draft. */
export function VersionsList({
  versions,
  liveVersion,
  canRestore,
  onRestore,
}: {
  versions: readonly BuilderVersion[];
  liveVersion: number | null;
  canRestore: boolean;
  onRestore: (version: BuilderVersion) => void;
}) {
  if (versions.length === 0) {
    return (
      <div className="flex flex-col items-center gap-2 p-6 text-center text-sm text-muted-foreground">
        <History className="size-6" aria-hidden="true" />
        Not published yet. Each publish keeps a version here that you can go back to.
      </div>
    );
  }
  return (
    <ol className="flex flex-col gap-2 p-3" aria-label="Published versions">
      {versions.map((v) => (
        <li key={v.id} className="flex flex-col gap-1.5 rounded-lg border p-3 text-[13px]">
          <div className="flex items-center justify-between gap-2">
            <span className="flex items-center gap-2 font-medium">
              Version {v.version}
              {v.version === liveVersion ? <Badge variant="success">Live</Badge> : null}
            </span>
            <RelativeTime date={new Date(v.createdAt)} className="text-xs text-muted-foreground" />
          </div>
          <p className="text-muted-foreground">
            Published by {v.authorName ?? "a former member"} · {v.nodeCount} step
            {v.nodeCount === 1 ? "" : "s"}
          </p>
          {v.note ? <p className="rounded bg-muted/50 px-2 py-1">{v.note}</p> : null}
          {canRestore ? (
            <Button variant="outline" size="sm" className="self-start" onClick={() => onRestore(v)}>
              <RotateCcw aria-hidden="true" />
              Restore into draft
            </Button>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
