/** What a profile picture may be: shared by the upload form (in the browser) and the server. */
export const MAX_AVATAR_BYTES = 2 * 1024 * 1024;
export const AVATAR_TOO_LARGE = "Pictures may be at most 2 MB.";
export const AVATAR_WRONG_TYPE = "Upload a PNG, JPEG or WebP image.";
/** For an <input type="file" accept>. */
export const ACCEPTED_AVATAR_TYPES = "image/png,image/jpeg,image/webp";
