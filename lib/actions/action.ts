import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { AppError, fieldErrorsFromZod, toAppError, VALIDATION_MESSAGE, type ErrorBody } from "@/lib/errors";

export { fieldErrorsFromZod, VALIDATION_MESSAGE };
import { getClaims, type UserClaims } from "@/lib/auth/session";
import { withRequestContext, type RequestContext } from "@/lib/db/request-context";
import { requestContextOf } from "@/lib/http/client-ip";
import { formDataProblem } from "@/lib/http/input-limits";

/**
 * The one entry-point wrapper for Server Actions. Every action the UI calls is made with
 * `defineAction`, which:
 *
 * 1. checks the form's size, field count and text (lib/http/input-limits: 413 / 400), turns the
 *    submitted FormData into an object and parses it with the action's zod schema (failures →
 *    `validation_failed` with per-field messages); JSON in a field is capped by its schema;
 * 2. for `auth: "user"`, resolves the caller's verified claims (none → `unauthenticated`): the
 *    action is its own security boundary, whatever page renders the form;
 * 3. runs the handler and maps anything it throws through `toAppError`, so callers get a clear
 *    message and never a stack trace. `redirect()` / `notFound()` pass through untouched.
 *
 * The result has the shape `useActionState` wants: `(prevState, formData) => Promise<ActionResult>`.
 */

export type ActionError = ErrorBody["error"];

export type ActionResult<T = void> =
  { ok: true; data: T; message?: string } | { ok: false; error: ActionError };

/** What `useActionState` holds: the last result, or null before the first submit. */
export type ActionState<T = void> = ActionResult<T> | null;

export type FormAction<T = void> = (
  prevState: ActionState<T>,
  formData: FormData,
) => Promise<ActionResult<T>>;

export type ActionAuth = "user" | "public";

type HandlerArgs<S extends z.ZodType, A extends ActionAuth> = {
  input: z.output<S>;
  formData: FormData;
} & (A extends "user" ? { claims: UserClaims } : { claims?: undefined });

export type ActionDefinition<S extends z.ZodType, T, A extends ActionAuth> = {
  schema: S;
  /** "user": only a signed-in user may call it; "public": anyone (sign-in, sign-up …). */
  auth: A;
  handler: (args: HandlerArgs<S, A>) => Promise<T> | T;
  /** A message for the UI (toast or inline) when the action succeeds. */
  successMessage?: string | ((data: T) => string | undefined);
};

export const UNAUTHENTICATED_MESSAGE = "Your session has ended. Please sign in again.";

export function defineAction<S extends z.ZodType, T, A extends ActionAuth>(
  definition: ActionDefinition<S, T, A>,
): FormAction<T> {
  const { schema, auth, handler, successMessage } = definition;

  return async function action(_prevState: ActionState<T>, formData: FormData): Promise<ActionResult<T>> {
    try {
      if (!(formData instanceof FormData))
        return failure(new AppError("bad_request", "The form could not be read. Please send it again."));
      const problem = formDataProblem(formData);
      if (problem) return failure(problem);
      const parsed = schema.safeParse(formDataToObject(formData));
      if (!parsed.success) return failure(validationError(parsed.error));

      let claims: UserClaims | undefined;
      if (auth === "user") {
        claims = (await getClaims()) ?? undefined;
        if (!claims) return failure(new AppError("unauthenticated", UNAUTHENTICATED_MESSAGE));
      }

      // The caller's trusted address and user agent reach the audit log of whatever it changes.
      const context = await actionRequestContext();
      const data = await withRequestContext(context, () =>
        handler({ input: parsed.data, formData, claims } as HandlerArgs<S, A>),
      );
      const message = typeof successMessage === "function" ? successMessage(data) : successMessage;
      return message === undefined ? { ok: true, data } : { ok: true, data, message };
    } catch (e) {
      // redirect(), notFound() and Next's other control-flow throws must reach Next.
      unstable_rethrow(e);
      const appError = toAppError(e);
      if (appError.code === "internal" && !(e instanceof AppError)) console.error("[action] failed:", e);
      return failure(appError);
    }
  };
}

/** The request's context; none when called outside a request (tests, scripts). */
async function actionRequestContext(): Promise<RequestContext> {
  try {
    return requestContextOf(await headers());
  } catch {
    return {};
  }
}

function failure(error: AppError): { ok: false; error: ActionError } {
  return { ok: false, error: error.toBody().error };
}

/**
 * FormData → a plain object for zod. A key sent once gives a value, a key sent several times (or
 * named `x[]`) an array. React's internal `$ACTION_…` keys are dropped.
 */
export function formDataToObject(
  formData: FormData,
): Record<string, FormDataEntryValue | FormDataEntryValue[]> {
  const out: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  for (const rawKey of new Set(formData.keys())) {
    if (rawKey.startsWith("$ACTION")) continue;
    const values = formData.getAll(rawKey);
    if (rawKey.endsWith("[]")) out[rawKey.slice(0, -2)] = values;
    else out[rawKey] = values.length === 1 ? (values[0] as FormDataEntryValue) : values;
  }
  return out;
}

function validationError(error: z.ZodError): AppError {
  const fields = fieldErrorsFromZod(error);
  const formMessage = Object.keys(fields).length === 1 ? fields._form?.[0] : undefined;
  return new AppError("validation_failed", formMessage ?? VALIDATION_MESSAGE, fields);
}
