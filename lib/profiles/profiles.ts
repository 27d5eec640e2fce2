import "server-only";
import type { Tx } from "@/lib/db/client";
import { parseFirstRow } from "@/lib/db/rows";
import { AppError } from "@/lib/errors";
import { profileSchema, type Profile, type ProfileUpdate } from "./schema";

const columns = [
  "id",
  "email",
  "display_name",
  "avatar_url",
  "bio",
  "timezone",
  "website",
  "location",
] as const;

const NOT_FOUND = "Your profile could not be found. Try signing out and in again.";

/** The user's own profile, in the caller's transaction as that user (RLS decides). */
export async function getMyProfile(tx: Tx, userId: string): Promise<Profile> {
  const row = parseFirstRow(
    profileSchema,
    await tx`select ${tx(columns)}, created_at, updated_at from profiles where id = ${userId}`,
  );
  if (!row) throw new AppError("not_found", NOT_FOUND);
  return row;
}

export async function updateMyProfile(tx: Tx, userId: string, input: ProfileUpdate): Promise<Profile> {
  // Only the keys the form sent; an absent key leaves the column as it is.
  const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  if (Object.keys(changes).length === 0) return getMyProfile(tx, userId);
  const row = parseFirstRow(
    profileSchema,
    await tx`
      update profiles set ${tx(changes)}
      where id = ${userId}
      returning ${tx(columns)}, created_at, updated_at`,
  );
  if (!row) throw new AppError("not_found", NOT_FOUND);
  return row;
}
