import { CopyButton } from "@/components/ui/copy-button";

/** The one tag a website adds to show the bot (made by lib/chatbots/bots.ts's embedSnippet). */
export function EmbedSnippet({ snippet }: { snippet: string }) {
  return (
    <div className="flex flex-col gap-2">
      <pre
        aria-label="Embed code"
        data-embed-snippet=""
        className="overflow-x-auto rounded-md border bg-muted/40 p-3 font-mono text-xs leading-relaxed break-all whitespace-pre-wrap"
      >
        {snippet}
      </pre>
      <div>
        <CopyButton text={snippet} label="Copy embed code" copiedLabel="Embed code copied" />
      </div>
    </div>
  );
}
