/**
 * Splitting a document's text into overlapping chunks for retrieval (pure, unit-tested). Markdown
 * headings start a new section and travel with each chunk of it (they weigh more in search); in
 * plain text (and PDFs) so does a numbered or upper-case title line above its text ("4. How to
 * start a return"). Paragraphs are kept whole when they fit; long ones are cut at sentence, then
 * word boundaries. Consecutive chunks of a section share up to `overlapWords` words, so an answer
 * that straddles a boundary is still found whole in one of them; the shared part starts at a
 * sentence when there is one, so a passage shown to a visitor does not begin mid-sentence.
 */

export type ChunkOptions = {
  /** Target size of a chunk in words (about 1.3 tokens each). */
  maxWords?: number;
  /** Words repeated from the end of one chunk at the start of the next. */
  overlapWords?: number;
};

export type TextChunk = {
  position: number;
  heading: string;
  content: string;
  tokenCount: number;
  page: number | null;
};

export type PageText = { page: number | null; text: string };

/** A rough token count (OpenAI's tokenizers average ~4 characters per token in English). */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

type Paragraph = { text: string; page: number | null };
type Section = { heading: string; page: number | null; paragraphs: Paragraph[] };

const NUMBERED_TITLE = /^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,5}\.|§\s*\d+)\s+(\S.*)$/;

/** A plain-text title line: numbered ("4. Refunds", "2.1 Scope") or in capitals, short, no full stop. */
function plainTitle(line: string): string | null {
  const text = line.trim();
  const count = words(text).length;
  if (!text || count > 10 || /[.:;,!?]$/.test(text)) return null;
  const numbered = NUMBERED_TITLE.exec(text);
  if (numbered) return numbered[1]!;
  return /\p{L}{2}/u.test(text) && text === text.toUpperCase() && count >= 1 ? text : null;
}

function sections(pages: readonly PageText[], markdown: boolean, title: string): Section[] {
  const out: Section[] = [];
  let current: Section = { heading: title, page: pages[0]?.page ?? null, paragraphs: [] };
  const push = () => {
    if (current.paragraphs.length) out.push(current);
  };
  for (const { page, text } of pages) {
    if (current.page === null) current.page = page;
    const blocks = text.replace(/\r\n?/g, "\n").split(/\n\s*\n/);
    for (const block of blocks) {
      const lines = block.split("\n");
      let para: string[] = [];
      const flush = () => {
        const p = para.join(" ").replace(/\s+/g, " ").trim();
        if (p) current.paragraphs.push({ text: p, page });
        para = [];
      };
      lines.forEach((line, i) => {
        const heading = markdown
          ? /^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$/.exec(line)?.[1]
          : // A title line leads its block: text follows it, and is no title itself.
            i === 0 && i + 1 < lines.length && !plainTitle(lines[i + 1]!)
            ? plainTitle(line)
            : null;
        if (heading) {
          flush();
          push();
          current = { heading: heading.trim(), page, paragraphs: [] };
        } else {
          para.push(
            markdown ? line.replace(/^\s*(?:[-*+]|\d+\.)\s+/, "• ").replace(/[*_`]{1,3}/g, "") : line,
          );
        }
      });
      flush();
      if (!current.paragraphs.length) current.page = page;
    }
  }
  push();
  return out;
}

/** Cuts text longer than `max` words at sentence ends where it can, else between words. */
function pieces(paragraph: string, max: number): string[] {
  const ws = words(paragraph);
  if (ws.length <= max) return [paragraph];
  const sentences = paragraph.match(/[^.!?]+(?:[.!?]+["')\]]*\s*|$)/g) ?? [paragraph];
  const out: string[] = [];
  let buf: string[] = [];
  for (const s of sentences) {
    const sw = words(s);
    if (sw.length > max) {
      if (buf.length) out.push(buf.join(" "));
      buf = [];
      for (let i = 0; i < sw.length; i += max) out.push(sw.slice(i, i + max).join(" "));
      continue;
    }
    if (buf.length + sw.length > max) {
      out.push(buf.join(" "));
      buf = [];
    }
    buf.push(...sw);
  }
  if (buf.length) out.push(buf.join(" "));
  return out;
}

/** Where the words carried into the next chunk start: the first sentence start in the last `overlap` words, if any. */
function overlapStart(buf: readonly string[], overlap: number): number {
  const from = Math.max(1, buf.length - overlap);
  for (let i = from; i < buf.length; i++) if (/[.!?]["')\]]*$/.test(buf[i - 1]!)) return i;
  return buf.length - Math.min(overlap, buf.length);
}

export function chunkText(
  input: string | readonly PageText[],
  {
    markdown = false,
    title = "",
    maxWords = 180,
    overlapWords = 30,
  }: ChunkOptions & {
    markdown?: boolean;
    title?: string;
  } = {},
): TextChunk[] {
  if (maxWords < 10) throw new Error("maxWords must be at least 10");
  const overlap = Math.max(0, Math.min(overlapWords, Math.floor(maxWords / 2)));
  const pages = typeof input === "string" ? [{ page: null, text: input }] : input;
  const chunks: TextChunk[] = [];
  for (const section of sections(pages, markdown, title)) {
    let buf: string[] = [];
    let fresh = 0; // words in buf not carried over from the previous chunk
    let page: number | null = section.page; // where the chunk's own words start
    const emit = () => {
      if (!fresh) return;
      const content = buf.join(" ");
      chunks.push({
        position: chunks.length,
        heading: section.heading.slice(0, 500),
        content,
        tokenCount: estimateTokens(content),
        page,
      });
      buf = overlap ? buf.slice(overlapStart(buf, overlap)) : [];
      fresh = 0;
    };
    for (const paragraph of section.paragraphs) {
      for (const piece of pieces(paragraph.text, maxWords - overlap)) {
        const pw = words(piece);
        if (buf.length + pw.length > maxWords) emit();
        if (!fresh) page = paragraph.page ?? section.page;
        buf.push(...pw);
        fresh += pw.length;
      }
    }
    emit();
  }
  return chunks;
}
