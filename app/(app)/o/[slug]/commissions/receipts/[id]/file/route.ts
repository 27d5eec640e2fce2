import { requireConsoleMember } from "@/lib/chatbots/console-http";
import { readReceiptFile } from "@/lib/commissions/receipt-files";
import { withUser } from "@/lib/db/client";
import { errorResponse } from "@/lib/http/respond";
import { assertSameOriginRequest } from "@/lib/http/origin";

/**
 * A receipt's file, read as the signed-in member under RLS (`sales:read`): shown in the browser
 * (`inline`), or saved with `?download=1` (`attachment`). The stored type was decided from the
 * file's content at upload (PDF or an image), and the browser is told not to guess another.
 */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  try {
    assertSameOriginRequest(request);
    const { slug, id } = await params;
    const { claims, org } = await requireConsoleMember(slug, ["sales", "read"]);
    const file = await withUser(claims, (tx) => readReceiptFile(tx, org.organization.id, id));
    const download = new URL(request.url).searchParams.get("download") === "1";
    return new Response(new Uint8Array(file.data), {
      headers: {
        "content-type": file.contentType,
        "content-length": String(file.data.length),
        "content-disposition": contentDisposition(download ? "attachment" : "inline", file.fileName),
        "cache-control": "private, no-store",
        "x-content-type-options": "nosniff",
        // Only this app's own pages may load it (no <img> or <embed> on another site).
        "cross-origin-resource-policy": "same-origin",
      },
    });
  } catch (e) {
    return errorResponse(e);
  }
}

/** `inline; filename="receipt.pdf"; filename*=UTF-8''…` (an ASCII fallback, and the real name). */
function contentDisposition(kind: "inline" | "attachment", name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
