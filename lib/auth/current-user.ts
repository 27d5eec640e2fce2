import "server-only";
import { cache } from "react";
import { z } from "zod";
import { claimsDisplayName, requireClaims, type UserClaims } from "@/lib/auth/session";
import { withUserPipelined } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { membershipSchema, type Membership } from "@/lib/organizations/organizations";
import { profileSchema, type Profile } from "@/lib/profiles/schema";

/** What every signed-in page's shell shows: the user's profile (null if missing) and organizations. */
export type AppShell = { profile: Profile | null; organizations: Membership[] };

const appShellRowSchema = z.object({
  profile: z.record(z.string(), z.unknown()).nullable(),
  organizations: z.array(membershipSchema),
});

/**
 * The app shell in one database round trip (one statement, pipelined with its transaction), read
 * once per request however many components ask. RLS applies: it runs as the user.
 */
export const readAppShell = cache(async (claims: UserClaims): Promise<AppShell> => {
  const [row] = await withUserPipelined(claims, (tx, commitWith) =>
    commitWith(tx`
      select
        (select json_build_object(
                  'id', p.id, 'email', p.email, 'display_name', p.display_name,
                  'avatar_url', p.avatar_url, 'bio', p.bio, 'timezone', p.timezone,
                  'website', p.website, 'location', p.location,
                  'created_at', p.created_at, 'updated_at', p.updated_at)
           from profiles p where p.id = ${claims.sub}) as profile,
        coalesce(
          (select json_agg(json_build_object('id', o.id, 'name', o.name, 'slug', o.slug, 'role', m.role)
                           order by lower(o.name))
             from organization_members m join organizations o on o.id = m.organization_id
            where m.user_id = ${claims.sub} and m.status = 'active'),
          '[]'::json) as organizations`),
  );
  const shell = appShellRowSchema.parse(row);
  const profile = shell.profile
    ? profileSchema.parse({
        ...shell.profile,
        created_at: new Date(String(shell.profile.created_at)),
        updated_at: new Date(String(shell.profile.updated_at)),
      })
    : null;
  return { profile, organizations: shell.organizations };
});

/** The signed-in user's profile, from the app shell's read. */
export async function getMyProfileCached(claims: UserClaims): Promise<Profile> {
  const { profile } = await readAppShell(claims);
  if (!profile)
    throw new AppError("not_found", "Your profile could not be found. Try signing out and in again.");
  return profile;
}

export type CurrentUser = {
  claims: UserClaims;
  email: string;
  displayName: string;
  avatarUrl: string | null;
  organizations: Membership[];
};

/**
 * Who is signed in, for the app shell. Redirects to sign-in without a session. The profile adds
 * the chosen name and picture; if the shell cannot be read it still renders from the claims, with
 * no organizations in the switcher (the page itself will report the failure).
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser> => {
  const claims = await requireClaims();
  const shell = await readAppShell(claims).catch(() => null);
  const profile = shell?.profile;
  return {
    claims,
    email: profile?.email ?? claims.email ?? "",
    displayName: profile?.display_name ?? claimsDisplayName(claims),
    avatarUrl: profile?.avatar_url ?? null,
    organizations: shell?.organizations ?? [],
  };
});
