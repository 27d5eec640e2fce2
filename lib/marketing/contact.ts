import { z } from "zod";

/**
 * Who runs this Orgflow installation and how to reach them. Orgflow is self-hostable, so the
 * contact page shows the address the operator configures (CONTACT_EMAIL) and never a made-up one;
 * anything that is not an email address counts as not configured.
 */
export function contactEmail(env: Record<string, string | undefined> = process.env): string | null {
  const value = env.CONTACT_EMAIL?.trim();
  return value && z.email().max(320).safeParse(value).success ? value : null;
}
