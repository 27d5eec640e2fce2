import "server-only";
import { z } from "zod";
import { defineApiKeyRoute, type ApiRouteDefinition } from "@/lib/actions/api-key-route";
import type { ApiUploadSpec } from "@/lib/actions/api-key-upload";

/**
 * One REST operation, described once: the route file serves `handler`, and the OpenAPI document
 * is generated from the same description and zod schemas (lib/public-api/openapi.ts), so the two
 * cannot drift apart.
 */
export type Endpoint = {
  method: "get" | "post" | "patch" | "delete";
  /** OpenAPI form: `/api/v1/contacts/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  permission?: readonly [string, string];
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Takes a file as multipart/form-data too: its limits, and the form's fields beside `file`. */
  upload?: ApiUploadSpec;
  uploadFields?: z.ZodObject;
  /** The answer's schema, named in components/schemas when `responseName` is given. */
  response: z.ZodType;
  responseName?: string;
  status: number;
  handler: ReturnType<typeof defineApiKeyRoute>;
};

export function endpoint<P, Q, B>(
  description: Omit<Endpoint, "handler" | "status" | "params" | "query" | "body"> &
    ApiRouteDefinition<P, Q, B> & {
      params?: z.ZodObject & z.ZodType<P>;
      query?: z.ZodObject & z.ZodType<Q>;
      uploadFields?: z.ZodObject;
    },
): Endpoint {
  return {
    ...description,
    status: description.status ?? 200,
    handler: defineApiKeyRoute<P, Q, B>(description),
  };
}

/** The `{id}` of a path, a UUID (anything else answers 404). */
export const idParams = (what: string) => z.object({ id: z.uuid().describe(`The ${what}'s id.`) });

/** What a DELETE answers, as Stripe does: the id and `deleted: true`. */
export const deletedSchema = z.object({ id: z.uuid(), deleted: z.literal(true) });
