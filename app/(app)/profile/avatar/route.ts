import { NextResponse } from "next/server";
import { getClaims } from "@/lib/auth/session";
import { withUser } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { readMultipartForm } from "@/lib/http/multipart";
import { assertSameOriginRequest } from "@/lib/http/origin";
import { errorResponse } from "@/lib/http/respond";
import { AVATAR_TOO_LARGE, MAX_AVATAR_BYTES, removeAvatar, saveAvatar } from "@/lib/profiles/avatars";

/** Room for the multipart envelope around the largest allowed picture. */
const MAX_REQUEST_BYTES = MAX_AVATAR_BYTES + 64 * 1024;

async function signedIn() {
  const claims = await getClaims();
  if (!claims) throw new AppError("unauthenticated", "Your session has ended. Please sign in again.");
  return claims;
}

/** Uploads the signed-in user's picture (multipart `file`; PNG, JPEG or WebP by content, ≤ 2 MB). */
export async function POST(request: Request) {
  try {
    assertSameOriginRequest(request);
    const claims = await signedIn();
    const form = await readMultipartForm(request, MAX_REQUEST_BYTES, AVATAR_TOO_LARGE);
    const file = form.get("file");
    if (!(file instanceof File))
      throw new AppError("validation_failed", "Choose a picture.", { file: ["Choose a picture."] });
    if (file.size > MAX_AVATAR_BYTES) throw new AppError("payload_too_large", AVATAR_TOO_LARGE);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const saved = await withUser(claims, (tx) => saveAvatar(tx, claims.sub, bytes));
    return NextResponse.json(saved, { status: 201 });
  } catch (e) {
    return errorResponse(e);
  }
}

/** Removes the signed-in user's picture (their initials show instead). */
export async function DELETE(request: Request) {
  try {
    assertSameOriginRequest(request);
    const claims = await signedIn();
    await withUser(claims, (tx) => removeAvatar(tx, claims.sub));
    return new Response(null, { status: 204 });
  } catch (e) {
    return errorResponse(e);
  }
}
