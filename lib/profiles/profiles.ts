import "server-only";
import { withUser, type UserClaims } from "@/lib/db/client";
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

export async function getMyProfile(claims: UserClaims): Promise<Profile> {
  const [row] = await withUser(
    claims,
    (tx) => tx`select ${tx(columns)}, created_at, updated_at from profiles where id = ${claims.sub}`,
  );
  if (!row) throw new AppError("not_found", "Your profile could not be found. Try signing out and in again.");
  return profileSchema.parse(row);
}

export async function updateMyProfile(claims: UserClaims, input: ProfileUpdate): Promise<Profile> {
  // Only the keys the form sent; an absent key leaves the column as it is.
  const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  if (Object.keys(changes).length === 0) return getMyProfile(claims);
  const [row] = await withUser(
    claims,
    (tx) => tx`
      update profiles set ${tx(changes)}
      where id = ${claims.sub}
      returning ${tx(columns)}, created_at, updated_at`,
  );
  if (!row) throw new AppError("not_found", "Your profile could not be found. Try signing out and in again.");
  return profileSchema.parse(row);
}
