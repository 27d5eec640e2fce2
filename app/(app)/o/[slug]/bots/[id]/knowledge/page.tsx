import type { Metadata } from "next";
import { BotHeader } from "@/components/chatbots/bot-header";
import { DocumentList } from "@/components/chatbots/document-list";
import { KnowledgeAdd } from "@/components/chatbots/knowledge-add";
import { KnowledgeSearch } from "@/components/chatbots/knowledge-search";
import { Pagination } from "@/components/ui/pagination";
import { answerThreshold, getBotFlow } from "@/lib/chatbots/bots";
import { requireBotPage } from "@/lib/chatbots/console-pages";
import { ACCEPTED_FILE_TYPES, listDocuments, MAX_PDF_BYTES, MAX_TEXT_BYTES } from "@/lib/chatbots/documents";
import { searchKnowledge } from "@/lib/chatbots/retrieval";
import { can } from "@/lib/organizations/can";
import { pageParam, queryParam, type SearchParams } from "@/lib/utils/search-params";

type Props = { params: Promise<{ slug: string; id: string }>; searchParams: Promise<SearchParams> };

const PAGE_SIZE = 25;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, id } = await params;
  const { bot } = await requireBotPage(slug, id, "/knowledge");
  return { title: `${bot.name} · Knowledge base` };
}

/** The bot's knowledge base: add documents, watch them being processed, test what a question finds. */
export default async function KnowledgePage({ params, searchParams }: Props) {
  const [{ slug, id }, search] = await Promise.all([params, searchParams]);
  const { org, bot, read } = await requireBotPage(slug, id, "/knowledge");
  const page = pageParam(search.page);
  const query = queryParam(search.q, 1000) ?? "";
  const [{ documents, total }, found] = await read((tx) =>
    Promise.all([
      listDocuments(tx, org.organization.id, bot.id, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
      query
        ? getBotFlow(tx, org.organization.id, bot.id).then(async (flow) => {
            // The chat's own retrieval and threshold, so what this box shows is what visitors get.
            const minConfidence = answerThreshold(flow);
            return {
              minConfidence,
              ...(await searchKnowledge(tx, bot.id, query, { limit: 5, minConfidence })),
            };
          })
        : Promise.resolve(null),
    ]),
  );
  const path = `/o/${slug}/bots/${bot.id}/knowledge`;
  return (
    <div className="flex flex-col gap-6">
      <BotHeader slug={slug} bot={bot} active="knowledge" />
      {can(org, "bots", "create") ? (
        <KnowledgeAdd
          slug={slug}
          botId={bot.id}
          limits={{ pdfBytes: MAX_PDF_BYTES, textBytes: MAX_TEXT_BYTES, accept: ACCEPTED_FILE_TYPES }}
        />
      ) : null}
      <section aria-label="Documents" className="flex flex-col gap-3">
        <DocumentList
          slug={slug}
          botId={bot.id}
          canDelete={can(org, "bots", "delete")}
          canRetry={can(org, "bots", "update")}
          documents={documents.map((d) => ({
            id: d.id,
            title: d.title,
            mimeType: d.mime_type,
            fileName: d.file_name,
            status: d.status,
            progress: d.progress,
            sizeBytes: d.size_bytes,
            pageCount: d.page_count,
            chunkCount: d.chunk_count,
            error: d.error,
            createdAt: d.created_at.toISOString(),
          }))}
        />
        <Pagination
          path={path}
          params={{ q: query || undefined }}
          page={page}
          pageSize={PAGE_SIZE}
          total={total}
          noun="documents"
        />
      </section>
      <KnowledgeSearch
        action={path}
        query={query}
        mode={found?.mode ?? null}
        minConfidence={found?.minConfidence ?? null}
        hits={
          found
            ? found.hits.map((h) => ({
                chunkId: h.chunk_id,
                title: h.title,
                heading: h.heading,
                content: h.content,
                page: h.page,
                score: h.score,
                confidence: h.confidence,
                similarity: h.similarity,
                answerable: h.answerable,
              }))
            : null
        }
      />
    </div>
  );
}
