import { NextResponse } from "next/server";
import { fieldErrorsFromZod } from "@/lib/actions/action";
import { defineOrgRoute } from "@/lib/actions/session-route";
import { uploadFieldsSchema } from "@/lib/chatbots/console-action-schemas";
import { addDocument, MAX_PDF_BYTES } from "@/lib/chatbots/documents";
import { AppError } from "@/lib/errors";

const TOO_LARGE = `Files may be at most ${MAX_PDF_BYTES / 1024 / 1024} MB.`;

/**
 * Uploads a knowledge-base file (PDF, .txt, .md) as multipart form data (`file`, optional `title`).
 * A route handler rather than a server action: files go up to 10 MB. Type and size are checked by
 * lib/chatbots/documents.ts; processing runs in the background, queued after the document's own
 * transaction commits (hence `transaction: false`).
 */
export const POST = defineOrgRoute({
  permission: ["bots", "create"],
  body: { maxFileBytes: MAX_PDF_BYTES, tooLarge: TOO_LARGE, missingFile: "Choose a file to upload." },
  transaction: false,
  handler: async ({ params, claims, organization, body: { form, file } }) => {
    const title = form.get("title");
    const fields = uploadFieldsSchema.safeParse({
      bot_id: params.id,
      title: typeof title === "string" ? title : undefined,
    });
    if (!fields.success)
      throw new AppError("validation_failed", "Some fields are not valid.", fieldErrorsFromZod(fields.error));
    const doc = await addDocument(claims, organization.organization.id, fields.data.bot_id, {
      kind: "file",
      file: { name: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) },
      title: fields.data.title,
    });
    return NextResponse.json(
      { document: { id: doc.id, title: doc.title, status: doc.status } },
      { status: 201 },
    );
  },
});
