import { createServer, type Server } from "node:http";

/**
 * A customer's website on another origin (127.0.0.1:<port>, a port of the run's block) whose one
 * page embeds the chat widget with the snippet the console shows. Close it when done.
 */
export function startHostSite(port: number, snippet: string, title = "Best Roofs"): Promise<Server> {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body><h1>${title}</h1>${snippet}</body></html>`;
  const server = createServer((req, res) => {
    if (req.url === "/") res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
    else res.writeHead(404).end();
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

/** A small roofing FAQ in Markdown: the warranty and the payment options. */
export const ROOFING_FAQ = [
  "# Warranty",
  "Every roof we install carries a 10-year workmanship warranty on labour and materials, in writing.",
  "",
  "# Payment",
  "We take card, bank transfer and financing over twelve months, with a deposit of ten percent.",
].join("\n");
