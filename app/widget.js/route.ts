import { WIDGET_SCRIPT } from "@/lib/chatbots/widget-script";

/** The embeddable chat widget (see lib/chatbots/widget-script.ts). Public, cacheable briefly. */
export function GET(): Response {
  return new Response(WIDGET_SCRIPT, {
    headers: {
      "content-type": "application/javascript; charset=utf-8",
      "cache-control": "public, max-age=300",
      "access-control-allow-origin": "*",
      "x-content-type-options": "nosniff",
    },
  });
}

export const dynamic = "force-static";
