/** Where an invitation link lives in the app, and the sign-in/up links that come back to it. */
export function invitationPath(token: string): string {
  return `/invitations/${encodeURIComponent(token)}`;
}

/** `/sign-in` or `/sign-up` returning to the invitation, with the invited address filled in. */
export function invitationAuthPath(
  page: "/sign-in" | "/sign-up",
  token: string,
  email?: string | null,
): string {
  const query = new URLSearchParams({ next: invitationPath(token) });
  if (email) query.set("email", email);
  return `${page}?${query.toString()}`;
}

/** The invitation token in a path made by `invitationPath`, or null for any other path. */
export function invitationTokenFromPath(path: string | null | undefined): string | null {
  const match = /^\/invitations\/([^/?#]{1,256})$/.exec(path ?? "");
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
}
