import { cache } from "react";
import { claimsDisplayName, requireClaims, type UserClaims } from "@/lib/auth/session";
import { getMyProfile } from "@/lib/profiles/profiles";
import type { Profile } from "@/lib/profiles/schema";

/** The signed-in user's profile, read once per request however many components ask. */
export const getMyProfileCached = cache((claims: UserClaims): Promise<Profile> => getMyProfile(claims));

export type CurrentUser = {
  claims: UserClaims;
  email: string;
  displayName: string;
  avatarUrl: string | null;
};

/**
 * Who is signed in, for the app shell. Redirects to sign-in without a session. The profile adds
 * the chosen name and picture; if it cannot be read the shell still renders from the claims (the
 * page itself will report the failure).
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser> => {
  const claims = await requireClaims();
  const profile = await getMyProfileCached(claims).catch(() => null);
  return {
    claims,
    email: profile?.email ?? claims.email ?? "",
    displayName: profile?.display_name ?? claimsDisplayName(claims),
    avatarUrl: profile?.avatar_url ?? null,
  };
});
