import { defineOrgRoute } from "@/lib/actions/session-route";
import { readReceiptFile } from "@/lib/commissions/receipt-files";

/**
 * A receipt's file, read as the signed-in member under RLS (`sales:read`): shown in the browser
 * (`inline`), or saved with `?download=1` (`attachment`). The stored type was decided from the
 * file's content at upload (PDF or an image), and the browser is told not to guess another.
 */
export const GET = defineOrgRoute({
  permission: ["sales", "read"],
  handler: async ({ request, params, tx, organization }) => {
    const file = await readReceiptFile(tx, organization.organization.id, params.id!);
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
  },
});

/** `inline; filename="receipt.pdf"; filename*=UTF-8''…` (an ASCII fallback, and the real name). */
function contentDisposition(kind: "inline" | "attachment", name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
