import { NextResponse, type NextRequest } from "next/server";
import { widgetConfig } from "@/lib/chatbots/widget";
import { errorResponse } from "@/lib/http/respond";

/**
 * Public: what /widget.js asks first: the bot's look and whether it may chat on the calling
 * website (a polite message when not, instead of a refused call). Readable from any origin: it
 * holds only what the widget shows anyway, never the allowed origins.
 */
export async function GET(request: NextRequest, route: { params: Promise<{ botKey: string }> }) {
  const headers = {
    "Access-Control-Allow-Origin": "*",
    "Cache-Control": "public, max-age=60",
    Vary: "Origin",
  };
  try {
    const config = await widgetConfig((await route.params).botKey, request.headers.get("origin"));
    return NextResponse.json(config, { headers });
  } catch (e) {
    return errorResponse(e, { ...headers, "Cache-Control": "no-store" });
  }
}
