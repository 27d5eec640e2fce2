import { getClaims } from "@/lib/auth/session";
import { withUser } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { assertSameOriginRequest } from "@/lib/http/origin";
import { errorResponse } from "@/lib/http/respond";
import { readAvatar } from "@/lib/profiles/avatars";

/**
 * A person's picture, read as the signed-in user under RLS. Served as exactly the image type its
 * content was found to be, with nothing to sniff, run or embed elsewhere: `nosniff`, a sandboxing
 * CSP (the way GitHub serves user content) and a same-origin resource policy.
 */
export async function GET(request: Request, { params }: { params: Promise<{ userId: string }> }) {
  try {
    assertSameOriginRequest(request);
    const claims = await getClaims();
    if (!claims) throw new AppError("unauthenticated", "Sign in to see pictures.");
    const { userId } = await params;
    const avatar = await withUser(claims, (tx) => readAvatar(tx, userId));
    return new Response(new Uint8Array(avatar.data), {
      headers: {
        "content-type": avatar.contentType,
        "content-length": String(avatar.data.length),
        "content-disposition": 'inline; filename="avatar"',
        "x-content-type-options": "nosniff",
        "content-security-policy": "default-src 'none'; sandbox",
        "cross-origin-resource-policy": "same-origin",
        // The address changes with the picture (?v=…); a day keeps lists of members quick.
        "cache-control": "private, max-age=86400",
      },
    });
  } catch (e) {
    return errorResponse(e);
  }
}
