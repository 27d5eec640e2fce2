import { Search } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

export type SearchHit = {
  chunkId: string;
  title: string;
  heading: string;
  content: string;
  page: number | null;
  score: number;
  confidence: number;
  similarity: number | null;
  /** Whether the bot would answer from it (the chat's own threshold). */
  answerable: boolean;
};

/**
 * "What would the bot find for this question?": a GET form (`?q=`) and the passages it retrieves,
 * best first, with their ranking score and how much of the question each covers, judged with the
 * chat's own threshold: whether the bot would answer, and from which passage.
 */
export function KnowledgeSearch({
  action,
  query,
  hits,
  mode,
  minConfidence,
}: {
  action: string;
  query: string;
  hits: readonly SearchHit[] | null;
  mode: string | null;
  minConfidence: number | null;
}) {
  const best = hits?.[0];
  const threshold = `${Math.round((minConfidence ?? 0) * 100)}%`;
  return (
    <section aria-labelledby="kb-search-title" className="flex flex-col gap-3">
      <h2 id="kb-search-title" className="text-base font-semibold">
        Test a question
      </h2>
      <form method="get" action={action} role="search" className="flex w-full gap-2 sm:max-w-xl">
        <div className="relative flex-1">
          <label htmlFor="kb-q" className="sr-only">
            Question
          </label>
          <Search
            className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground"
            aria-hidden="true"
          />
          <Input
            id="kb-q"
            name="q"
            type="search"
            defaultValue={query}
            placeholder="How long does shipping take?"
            maxLength={1000}
            className="pl-9"
          />
        </div>
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </form>
      {hits === null ? (
        <p className="text-sm text-muted-foreground">
          Ask what a visitor would, and see which passages the bot would answer from.
        </p>
      ) : hits.length === 0 ? (
        <p className="text-sm text-muted-foreground" role="status">
          Nothing in the knowledge base matches “{query}”. The bot would give its fallback message.
        </p>
      ) : (
        <>
          <p className="text-sm" role="status" data-search-verdict={best?.answerable ? "answer" : "decline"}>
            {best?.answerable
              ? "The bot would answer from passage 1."
              : `The bot would not answer: the best passage covers ${Math.round((best?.confidence ?? 0) * 100)}% of the question, below the ${threshold} its flow asks for. It would give its fallback.`}
          </p>
          <ol
            className="flex flex-col gap-2"
            aria-label="Retrieved passages"
            data-search-mode={mode ?? undefined}
          >
            {hits.map((hit, i) => (
              <li key={hit.chunkId} className="rounded-lg border bg-card p-3 text-sm" data-search-hit="">
                <div className="mb-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-muted-foreground">
                  <span className="font-medium text-foreground">
                    {i + 1}. {hit.title}
                    {hit.heading && hit.heading !== hit.title ? ` › ${hit.heading}` : ""}
                    {hit.page ? `, page ${hit.page}` : ""}
                  </span>
                  <span className="tabular-nums">score {hit.score.toFixed(3)}</span>
                  <span className="tabular-nums">
                    covers {Math.round(hit.confidence * 100)}% of the question
                  </span>
                  {hit.similarity !== null ? (
                    <span className="tabular-nums">similarity {hit.similarity.toFixed(2)}</span>
                  ) : null}
                  <span className={hit.answerable ? "text-foreground" : undefined}>
                    {hit.answerable ? "answerable" : `below the ${threshold} threshold`}
                  </span>
                </div>
                <p className="line-clamp-4 whitespace-pre-wrap">{hit.content}</p>
              </li>
            ))}
          </ol>
        </>
      )}
      {mode && hits ? (
        <p className="text-xs text-muted-foreground">
          {mode === "hybrid" ? "Hybrid search (full text and vectors)." : "Full-text search."}
        </p>
      ) : null}
    </section>
  );
}
