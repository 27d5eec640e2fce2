import { revalidatePath } from "next/cache";
import { VALIDATION_MESSAGE } from "@/lib/actions/action";
import { AppError, toAppError, type ErrorCode } from "@/lib/errors";

/** Every page of the organization shows fresh data after a change (counts, lists, the nav). */
export function revalidateOrganization(slug: string): void {
  revalidatePath(`/o/${slug}`, "layout");
}

/** The app shell too: the organization switcher lists names and memberships. */
export function revalidateShell(): void {
  revalidatePath("/", "layout");
}

/**
 * Puts an expected failure (a taken slug, an address already invited …) under the field it is
 * about, so the form shows it there; anything else is rethrown as it is.
 */
export function asFieldError(e: unknown, field: string, codes: readonly ErrorCode[] = ["conflict"]): never {
  const error = toAppError(e);
  if (codes.includes(error.code) && !error.fields && error.code !== "internal") {
    throw new AppError(error.code, VALIDATION_MESSAGE, { [field]: [error.message] });
  }
  throw e;
}
