import "server-only";
import { revalidatePath } from "next/cache";

/** Every page of the organization shows fresh data after a change (counts, lists, the nav). */
export function revalidateOrganization(slug: string): void {
  revalidatePath(`/o/${slug}`, "layout");
}

/** The app shell too: the organization switcher lists names and memberships. */
export function revalidateShell(): void {
  revalidatePath("/", "layout");
}
