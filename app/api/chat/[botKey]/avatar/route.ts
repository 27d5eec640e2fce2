import type { NextRequest } from "next/server";
import { imageHeaders, readWidgetAvatarByKey } from "@/lib/chatbots/widget";
import { errorResponse } from "@/lib/http/respond";

/** Public: the picture the bot's widget shows (its address changes with the picture: ?v=…). */
export async function GET(_request: NextRequest, route: { params: Promise<{ botKey: string }> }) {
  try {
    const avatar = await readWidgetAvatarByKey((await route.params).botKey);
    return new Response(new Uint8Array(avatar.data), {
      headers: imageHeaders(avatar, "public, max-age=86400"),
    });
  } catch (e) {
    return errorResponse(e, { "Access-Control-Allow-Origin": "*" });
  }
}
