import { stackConfig } from "@/lib/config/stack";

/**
 * The local mailbox (emails kept in the database and shown at /dev/mailbox) exists only under
 * `npm run dev` with the local stack. A production build never has it, whatever else is set: in
 * production it let an anonymous visitor ask for a victim's password reset and read the link.
 */
export function mailboxEnabled(): boolean {
  // Literal on purpose: Next inlines it in a production build, so the check cannot be configured away.
  if (process.env.NODE_ENV === "production") return false;
  return stackConfig().local;
}
