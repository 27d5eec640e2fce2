import { defineUserRoute } from "@/lib/actions/session-route";
import { readAvatar } from "@/lib/profiles/avatars";

/**
 * A person's picture, read as the signed-in user under RLS. Served as exactly the image type its
 * content was found to be, with nothing to sniff, run or embed elsewhere: `nosniff`, a sandboxing
 * CSP (the way GitHub serves user content) and a same-origin resource policy.
 */
export const GET = defineUserRoute({
  handler: async ({ params, tx }) => {
    const avatar = await readAvatar(tx, params.userId!);
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
  },
});
