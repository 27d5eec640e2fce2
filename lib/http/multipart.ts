import { AppError } from "@/lib/errors";
import { readBodyBytes } from "./respond";

/**
 * A multipart form, read with a cap whether or not the request declares its length (a body
 * streamed without one is cut off at the cap, never buffered whole); `tooLarge` is the message of
 * the 413.
 */
export async function readMultipartForm(
  request: Request,
  maxBytes: number,
  tooLarge: string,
): Promise<FormData> {
  const bytes = await readBodyBytes(request, maxBytes).catch((e: unknown) => {
    throw e instanceof AppError && e.code === "payload_too_large"
      ? new AppError("payload_too_large", tooLarge)
      : e;
  });
  try {
    return await new Response(new Uint8Array(bytes), {
      headers: { "content-type": request.headers.get("content-type") ?? "" },
    }).formData();
  } catch {
    throw new AppError("bad_request", "Send the file as a multipart form upload.");
  }
}
