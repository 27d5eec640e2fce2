import { NextResponse } from "next/server";
import type { z } from "zod";
import { AppError, fieldErrorsFromZod, toAppError } from "@/lib/errors";
import { parseJsonText } from "./input-limits";

/** Every route handler answers errors with `AppError`'s status and its one JSON shape. */
export function errorResponse(e: unknown, headers?: HeadersInit): NextResponse {
  const error = toAppError(e);
  if (error.code === "internal" && !(e instanceof AppError)) console.error("[route] failed:", e);
  return NextResponse.json(error.toBody(), { status: error.status, headers });
}

/**
 * Reads a JSON body with a size cap (413) and parses it, depth capped (lib/http/input-limits), with
 * `schema`; bad input → a 4xx AppError, before any database work.
 */
export async function parseJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  maxBytes = 64 * 1024,
): Promise<z.output<S>> {
  const text = await readTextBody(request, maxBytes);
  const json = text ? parseJsonText(text, { what: "The body" }) : {};
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new AppError("validation_failed", "Some fields are not valid.", fieldErrorsFromZod(parsed.error));
  }
  return parsed.data;
}

/**
 * The body as text, exactly as sent (a leading byte-order mark kept: signatures cover it), refusing
 * more than `maxBytes` (413) from the declared length, and while reading: a body streamed without a
 * length is cut off at the cap, never buffered whole.
 */
export async function readTextBody(request: Request, maxBytes: number): Promise<string> {
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await readBodyBytes(request, maxBytes));
}

/** The body's bytes, with readTextBody's cap (413 from the declared length or while reading). */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Buffer> {
  const tooLarge = () => new AppError("payload_too_large", `The body may be at most ${maxBytes} bytes.`);
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw tooLarge();
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError("bad_request", "The body could not be read.");
  }
  return Buffer.concat(chunks);
}
