import "server-only";
import { createHash } from "node:crypto";
import { AppError } from "@/lib/errors";
import { readBodyBytes } from "@/lib/http/respond";

/**
 * File uploads through the API-key wrapper (`/api/v1`): a `multipart/form-data` body with a `file`
 * part and text fields, read with the size cap and the file's type checked before any work of the
 * route (413 past the cap, 415 for a type the route does not take), in the API's error shape.
 */
export type ApiUploadSpec = {
  /** The largest file of any type the route takes: the body is cut off a little past it (413). */
  maxFileBytes: number;
  /** The file's type, from its content first (then its name and declared type), or null: 415. */
  detect: (file: { name: string; type: string; bytes: Uint8Array }) => string | null;
  /** The largest file of one type (413 past it); `maxFileBytes` unless given. */
  maxBytesFor?: (type: string) => number;
  /** What it takes, in words, for the 415: "a PDF, a .txt or a .md file". */
  accepted: string;
};

export type ApiUpload = {
  file: { name: string; type: string; bytes: Uint8Array };
  /** What `detect` said the file is. */
  detectedType: string;
  /** The form's text fields (each at most 10,000 characters), for the route to parse with zod. */
  fields: Record<string, string>;
};

/** Room for the multipart framing and the text fields beside the file. */
const FORM_OVERHEAD_BYTES = 64 * 1024;
const MAX_FIELDS = 20;
const MAX_FIELD_CHARS = 10_000;

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

export function isMultipart(request: Request): boolean {
  return /^multipart\/form-data\s*;/i.test(request.headers.get("content-type") ?? "");
}

/** Whether the request declares a JSON body (or none, as curl sends a bodiless POST). */
export function isJsonOrNone(request: Request): boolean {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  return type === "" || type === "application/json" || type.endsWith("+json");
}

/**
 * Reads the upload. `hash` stands for the request in Idempotency-Key checks: the file and the
 * fields, not the multipart boundary (a client's retry picks a new one).
 */
export async function readApiUpload(
  request: Request,
  spec: ApiUploadSpec,
): Promise<{ upload: ApiUpload; hash: string }> {
  const tooLarge = (max: number) =>
    new AppError("payload_too_large", `Files may be at most ${megabytes(max)}.`);
  const body = await readBodyBytes(request, spec.maxFileBytes + FORM_OVERHEAD_BYTES).catch((e: unknown) => {
    throw e instanceof AppError && e.code === "payload_too_large" ? tooLarge(spec.maxFileBytes) : e;
  });
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), {
      headers: { "content-type": request.headers.get("content-type") ?? "" },
    }).formData();
  } catch {
    throw new AppError("bad_request", "The multipart body could not be read.");
  }
  const file = form.get("file");
  if (!(file instanceof File))
    throw new AppError("validation_failed", "Send the file in a part named `file`.", {
      file: ["Send the file in a part named `file`."],
    });
  if (file.size > spec.maxFileBytes) throw tooLarge(spec.maxFileBytes);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const detectedType = spec.detect({ name: file.name, type: file.type, bytes });
  if (!detectedType) throw new AppError("unsupported_media_type", `Upload ${spec.accepted}.`);
  const max = spec.maxBytesFor?.(detectedType) ?? spec.maxFileBytes;
  if (bytes.length > max) throw tooLarge(max);
  const fields = textFields(form);
  const hash = createHash("sha256")
    .update(bytes)
    .update(`\n${file.name}\n${JSON.stringify(Object.entries(fields).sort())}`)
    .digest("hex");
  return { upload: { file: { name: file.name, type: file.type, bytes }, detectedType, fields }, hash };
}

function textFields(form: FormData): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of form.entries()) {
    if (name === "file" || typeof value !== "string") continue;
    if (Object.keys(fields).length >= MAX_FIELDS || value.length > MAX_FIELD_CHARS)
      throw new AppError("validation_failed", "The form has too many or too long fields.");
    fields[name] = value;
  }
  return fields;
}
