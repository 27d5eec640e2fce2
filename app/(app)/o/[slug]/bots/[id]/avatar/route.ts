import { NextResponse } from "next/server";
import { defineOrgRoute } from "@/lib/actions/session-route";
import {
  imageHeaders,
  MAX_WIDGET_AVATAR_BYTES,
  readWidgetAvatar,
  removeWidgetAvatar,
  saveWidgetAvatar,
  widgetAvatarVersion,
  WIDGET_AVATAR_TOO_LARGE,
} from "@/lib/chatbots/widget";

/** The bot's widget picture for the console's preview. */
export const GET = defineOrgRoute<{ slug: string; id: string }>({
  permission: ["bots", "read"],
  handler: async ({ tx, organization, params }) => {
    const avatar = await readWidgetAvatar(tx, organization.organization.id, params.id);
    return new Response(new Uint8Array(avatar.data), {
      headers: imageHeaders(avatar, "private, max-age=60"),
    });
  },
});

/** Uploads the bot's widget picture (multipart `file`; PNG, JPEG or WebP by content, ≤ 512 KB). */
export const POST = defineOrgRoute<
  { slug: string; id: string },
  { maxFileBytes: number; tooLarge: string; missingFile: string }
>({
  permission: ["bots", "update"],
  body: {
    maxFileBytes: MAX_WIDGET_AVATAR_BYTES,
    tooLarge: WIDGET_AVATAR_TOO_LARGE,
    missingFile: "Choose a picture.",
  },
  handler: async ({ tx, organization, params, body: { file } }) => {
    const orgId = organization.organization.id;
    await saveWidgetAvatar(tx, orgId, params.id, new Uint8Array(await file.arrayBuffer()));
    return NextResponse.json({ version: await widgetAvatarVersion(tx, orgId, params.id) }, { status: 201 });
  },
});

/** Removes the picture (the widget shows none). */
export const DELETE = defineOrgRoute<{ slug: string; id: string }>({
  permission: ["bots", "update"],
  handler: async ({ tx, organization, params }) => {
    await removeWidgetAvatar(tx, organization.organization.id, params.id);
    return new Response(null, { status: 204 });
  },
});
