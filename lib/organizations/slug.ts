/**
 * A URL name from an organization's name, as the database derives one (private.slugify):
 * lowercase, runs of anything but letters and digits become one hyphen, no hyphen at either end,
 * at most 50 characters. The create form uses it to suggest a slug while the name is typed.
 */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 50)
    .replace(/-+$/, "");
}

/** The address an organization lives at, for the "your URL will be" previews. */
export function organizationUrl(siteUrl: string, slug: string): string {
  return `${siteUrl.replace(/\/+$/, "")}/o/${slug || "…"}`;
}
