import { NextResponse } from "next/server";
import { defineUserRoute } from "@/lib/actions/session-route";
import { AVATAR_TOO_LARGE, MAX_AVATAR_BYTES, removeAvatar, saveAvatar } from "@/lib/profiles/avatars";

/** Uploads the signed-in user's picture (multipart `file`; PNG, JPEG or WebP by content, ≤ 2 MB). */
export const POST = defineUserRoute({
  body: { maxFileBytes: MAX_AVATAR_BYTES, tooLarge: AVATAR_TOO_LARGE, missingFile: "Choose a picture." },
  handler: async ({ claims, tx, body: { file } }) => {
    const saved = await saveAvatar(tx, claims.sub, new Uint8Array(await file.arrayBuffer()));
    return NextResponse.json(saved, { status: 201 });
  },
});

/** Removes the signed-in user's picture (their initials show instead). */
export const DELETE = defineUserRoute({
  handler: async ({ claims, tx }) => {
    await removeAvatar(tx, claims.sub);
    return new Response(null, { status: 204 });
  },
});
