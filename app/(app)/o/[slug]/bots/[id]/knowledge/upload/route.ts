import { NextResponse } from "next/server";
import { fieldErrorsFromZod } from "@/lib/actions/action";
import { uploadFieldsSchema } from "@/lib/chatbots/console-action-schemas";
import { requireConsoleMember } from "@/lib/chatbots/console-http";
import { addDocument, MAX_PDF_BYTES } from "@/lib/chatbots/documents";
import { AppError } from "@/lib/errors";
import { errorResponse, readBodyBytes } from "@/lib/http/respond";
import { assertSameOriginRequest } from "@/lib/http/origin";

/** Room for the multipart envelope around the largest allowed file. */
const MAX_REQUEST_BYTES = MAX_PDF_BYTES + 64 * 1024;

/**
 * Uploads a knowledge-base file (PDF, .txt, .md) as multipart form data (`file`, optional `title`).
 * A route handler rather than a server action: files go up to 10 MB. Type and size are checked by
 * lib/chatbots/documents.ts; processing runs in the background.
 */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  try {
    assertSameOriginRequest(request);
    const { slug, id } = await params;
    const { claims, org } = await requireConsoleMember(slug, ["bots", "create"]);
    const form = await readUploadForm(request);
    const fields = uploadFieldsSchema.safeParse({
      bot_id: id,
      title: typeof form.get("title") === "string" ? form.get("title") : undefined,
    });
    if (!fields.success)
      throw new AppError("validation_failed", "Some fields are not valid.", fieldErrorsFromZod(fields.error));
    const file = form.get("file");
    if (!(file instanceof File))
      throw new AppError("validation_failed", "Choose a file to upload.", {
        file: ["Choose a file to upload."],
      });
    if (file.size > MAX_PDF_BYTES)
      throw new AppError("payload_too_large", `Files may be at most ${MAX_PDF_BYTES / 1024 / 1024} MB.`);
    const doc = await addDocument(claims, org.organization.id, fields.data.bot_id, {
      kind: "file",
      file: { name: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) },
      title: fields.data.title,
    });
    return NextResponse.json(
      { document: { id: doc.id, title: doc.title, status: doc.status } },
      { status: 201 },
    );
  } catch (e) {
    return errorResponse(e);
  }
}

/**
 * The multipart form, read with a cap whether or not the request declares its length (a body
 * streamed without one is cut off at the cap, never buffered whole).
 */
async function readUploadForm(request: Request): Promise<FormData> {
  const tooLarge = `Files may be at most ${MAX_PDF_BYTES / 1024 / 1024} MB.`;
  const bytes = await readBodyBytes(request, MAX_REQUEST_BYTES).catch((e: unknown) => {
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
