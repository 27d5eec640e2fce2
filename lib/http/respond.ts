import { NextResponse } from "next/server";
import type { z } from "zod";
import { fieldErrorsFromZod } from "@/lib/actions/action";
import { AppError, toAppError } from "@/lib/errors";

/** Every route handler answers errors with `AppError`'s status and its one JSON shape. */
export function errorResponse(e: unknown, headers?: HeadersInit): NextResponse {
  const error = toAppError(e);
  if (error.code === "internal" && !(e instanceof AppError)) console.error("[route] failed:", e);
  return NextResponse.json(error.toBody(), { status: error.status, headers });
}

/** Reads a JSON body with a size cap and parses it with `schema`; bad input → a 4xx AppError. */
export async function parseJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  maxBytes = 64 * 1024,
): Promise<z.output<S>> {
  const text = await readTextBody(request, maxBytes);
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    throw new AppError("bad_request", "The body is not valid JSON.");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new AppError("validation_failed", "Some fields are not valid.", fieldErrorsFromZod(parsed.error));
  }
  return parsed.data;
}

/** The body as text, exactly as sent, refusing more than `maxBytes` (413) before and after reading. */
export async function readTextBody(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes)
    throw new AppError("payload_too_large", `The body may be at most ${maxBytes} bytes.`);
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) {
    throw new AppError("payload_too_large", `The body may be at most ${maxBytes} bytes.`);
  }
  return text;
}
