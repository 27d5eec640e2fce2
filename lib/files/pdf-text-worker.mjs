// The text of a PDF, page by page, read in a worker thread (lib/files/pdf-text.ts starts it)
// so that a hostile or pathological file can be stopped: the parent terminates this thread when
// it runs past its time limit, and the thread's own heap limit stops a file that would eat memory.
// Plain JavaScript: worker threads run outside the TypeScript toolchain.
//
// Before pdf.js sees the file, its streams are decoded with bounded memory and counted
// (./pdf-stream-budget.mjs): pdf.js keeps decoded bytes in ArrayBuffers, outside the heap limit.
//
// workerData: { data: Uint8Array, maxPages, maxChars, maxStreamBytes, maxDecodedBytes }
// Posts { type: "page", page, total, text } per page, then { type: "done" }, or
// { type: "too_many_pages", total } / { type: "too_much_text" } /
// { type: "too_much_data", reason: "stream" | "total" } / { type: "error", name, message }.
import { parentPort, workerData } from "node:worker_threads";
import { measureDecodedStreams } from "./pdf-stream-budget.mjs";

const { data, maxPages, maxChars, maxStreamBytes, maxDecodedBytes } = workerData;

async function main() {
  const measured = await measureDecodedStreams(data, {
    maxStreamBytes,
    maxTotalBytes: maxDecodedBytes,
  });
  if (!measured.ok) return parentPort.postMessage({ type: "too_much_data", reason: measured.reason });
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const task = pdfjs.getDocument({
    data,
    useSystemFonts: false,
    disableFontFace: true,
    isEvalSupported: false,
    verbosity: 0,
  });
  const pdf = await task.promise;
  try {
    const total = pdf.numPages;
    if (total > maxPages) return parentPort.postMessage({ type: "too_many_pages", total });
    let chars = 0;
    for (let n = 1; n <= total; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      let text = "";
      for (const item of content.items) {
        if (!("str" in item)) continue;
        text += item.str + (item.hasEOL ? "\n" : " ");
      }
      page.cleanup();
      chars += text.length;
      if (chars > maxChars) return parentPort.postMessage({ type: "too_much_text" });
      parentPort.postMessage({ type: "page", page: n, total, text: text.replace(/[ \t]+\n/g, "\n") });
    }
    parentPort.postMessage({ type: "done" });
  } finally {
    await pdf.destroy();
  }
}

main().catch((e) => {
  parentPort.postMessage({
    type: "error",
    name: String(e?.name ?? "Error"),
    message: String(e?.message ?? e).slice(0, 500),
  });
});
