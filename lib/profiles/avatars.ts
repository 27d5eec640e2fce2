import "server-only";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { sniffRasterImage, type RasterImageType } from "@/lib/files/image-type";
import { AVATAR_TOO_LARGE, AVATAR_WRONG_TYPE, MAX_AVATAR_BYTES } from "./avatar-limits";

export { AVATAR_TOO_LARGE, MAX_AVATAR_BYTES };

/**
 * Profile pictures: uploaded to Orgflow and served by it at /avatars/<user id>, never loaded from a
 * link someone typed (a third-party image is a tracking pixel on every teammate who sees it). The
 * bytes live in public.profile_avatars under RLS: a person writes only their own; they and whoever
 * may read the members of one of their organizations may read it. profiles.avatar_url follows by
 * trigger and only ever holds the app's own address.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Stores the user's picture (replacing any), after checking its size and content. Runs as that
 * user (RLS: one's own row only); returns the profile's new picture address.
 */
export async function saveAvatar(tx: Tx, userId: string, bytes: Uint8Array): Promise<{ avatarUrl: string }> {
  if (bytes.length === 0)
    throw new AppError("validation_failed", "Choose a picture.", { file: ["Choose a picture."] });
  if (bytes.length > MAX_AVATAR_BYTES) throw new AppError("payload_too_large", AVATAR_TOO_LARGE);
  const contentType = sniffRasterImage(bytes);
  if (!contentType) throw new AppError("unprocessable", AVATAR_WRONG_TYPE, { file: [AVATAR_WRONG_TYPE] });
  await tx`
    insert into public.profile_avatars (user_id, content_type, data)
    values (${userId}, ${contentType}, ${Buffer.from(bytes)})
    on conflict (user_id) do update set content_type = excluded.content_type, data = excluded.data`;
  const [row] = await tx<
    { avatar_url: string }[]
  >`select avatar_url from public.profiles where id = ${userId}`;
  return { avatarUrl: row!.avatar_url };
}

export async function removeAvatar(tx: Tx, userId: string): Promise<void> {
  await tx`delete from public.profile_avatars where user_id = ${userId}`;
}

export type Avatar = { contentType: RasterImageType; data: Buffer; updatedAt: Date };

/** A person's picture as the reader may see it (RLS decides), else not_found. */
export async function readAvatar(tx: Tx, userId: string): Promise<Avatar> {
  if (!UUID.test(userId)) throw new AppError("not_found", "No picture here.");
  const [row] = await tx<{ content_type: RasterImageType; data: Buffer; updated_at: Date }[]>`
    select content_type, data, updated_at from public.profile_avatars where user_id = ${userId}`;
  if (!row) throw new AppError("not_found", "No picture here.");
  return { contentType: row.content_type, data: row.data, updatedAt: row.updated_at };
}
