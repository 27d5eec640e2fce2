import "server-only";
import { forbidden, notFound } from "next/navigation";
import { requireClaims, type UserClaims } from "@/lib/auth/session";
import { withUser, type Tx } from "@/lib/db/client";
import type { SearchParams } from "@/lib/utils/search-params";
import { can, getOrganizationContext, type OrganizationContext } from "./context";
import type { PermissionAction } from "./schema";

const SLUG_SHAPE = /^[a-z0-9-]{3,63}$/;

/**
 * The entry check of every page under `/o/[slug]`: a signed-in user (else sign-in, coming back
 * here), an active member (else 404, no hint that the organization exists) holding `permission`
 * (else 403). Layouts are not re-rendered on client-side navigation, so each page calls this
 * itself rather than trusting the layout's check.
 */
export async function requireOrganizationPage(
  slug: string,
  options: { path?: string; permission?: readonly [resource: string, action: PermissionAction] } = {},
): Promise<{ claims: UserClaims; org: OrganizationContext; read: PageRead }> {
  if (!SLUG_SHAPE.test(slug)) notFound();
  const claims = await requireClaims(`/o/${slug}${options.path ?? ""}`);
  const org = await getOrganizationContext(claims, slug);
  if (!org) notFound();
  if (options.permission && !can(org, options.permission[0], options.permission[1])) forbidden();
  return { claims, org, read: (work) => withUser(claims, work) };
}

/** How a page reads: `work` in one transaction as the member (RLS decides), handed to lib functions. */
export type PageRead = <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;

/** How a page outside any organization (the dashboard redirect, pricing) reads as the signed-in user. */
export function readAsUser(claims: UserClaims): PageRead {
  return (work) => withUser(claims, work);
}

/** The props Next passes a page under `/o/[slug]`. */
export type OrganizationPageProps = {
  params: Promise<{ slug: string }>;
  searchParams?: Promise<SearchParams>;
};

/** `requireOrganizationPage` straight from a page's props, with its slug and query awaited. */
export async function openOrganizationPage(
  props: OrganizationPageProps,
  options: Parameters<typeof requireOrganizationPage>[1] = {},
): Promise<{
  slug: string;
  search: SearchParams;
  claims: UserClaims;
  org: OrganizationContext;
  read: PageRead;
}> {
  const [{ slug }, search] = await Promise.all([props.params, props.searchParams ?? Promise.resolve({})]);
  return { slug, search, ...(await requireOrganizationPage(slug, options)) };
}
