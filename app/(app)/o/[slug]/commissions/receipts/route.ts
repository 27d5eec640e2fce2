import { NextResponse } from "next/server";
import { fieldErrorsFromZod } from "@/lib/actions/action";
import { requireConsoleMember } from "@/lib/chatbots/console-http";
import {
  listReceipts,
  MAX_RECEIPT_BYTES,
  receiptTargetSchema,
  TOO_LARGE_MESSAGE,
  uploadReceipt,
} from "@/lib/commissions/receipt-files";
import { withUser } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { assertSameOriginRequest } from "@/lib/http/origin";
import { errorResponse, readBodyBytes } from "@/lib/http/respond";

/** Room for the multipart envelope around the largest allowed file. */
const MAX_REQUEST_BYTES = MAX_RECEIPT_BYTES + 64 * 1024;

type Params = { params: Promise<{ slug: string }> };

/**
 * The receipts of a transaction (`?transaction=<id>`) or an opportunity (`?opportunity=<id>`), as
 * JSON: what the receipts panel polls while a receipt is being read.
 */
export async function GET(request: Request, { params }: Params) {
  try {
    assertSameOriginRequest(request);
    const { slug } = await params;
    const { claims, org } = await requireConsoleMember(slug, ["sales", "read"]);
    const url = new URL(request.url);
    const target = receiptTargetSchema.safeParse({
      transactionId: url.searchParams.get("transaction") || undefined,
      opportunityId: url.searchParams.get("opportunity") || undefined,
    });
    if (!target.success)
      throw new AppError(
        "validation_failed",
        "Say which transaction or opportunity.",
        fieldErrorsFromZod(target.error),
      );
    const receipts = await withUser(claims, (tx) =>
      listReceipts(
        tx,
        org.organization.id,
        target.data.transactionId
          ? { transactionId: target.data.transactionId }
          : { opportunityId: target.data.opportunityId! },
      ),
    );
    return NextResponse.json({ receipts }, { headers: { "cache-control": "private, no-store" } });
  } catch (e) {
    return errorResponse(e);
  }
}

/**
 * Uploads a receipt (multipart: `file`, and `transaction_id` and/or `opportunity_id`). A route
 * handler rather than a server action: files go up to 10 MB. The type is decided by the content
 * (PDF, PNG, JPEG, WebP); reading it runs in the background when an AI provider is configured.
 */
export async function POST(request: Request, { params }: Params) {
  try {
    assertSameOriginRequest(request);
    const { slug } = await params;
    const { claims, org } = await requireConsoleMember(slug, ["sales", "create"]);
    const form = await readUploadForm(request);
    const text = (name: string) => {
      const v = form.get(name);
      return typeof v === "string" && v.trim() ? v : undefined;
    };
    const target = receiptTargetSchema.safeParse({
      transactionId: text("transaction_id"),
      opportunityId: text("opportunity_id"),
    });
    if (!target.success)
      throw new AppError("validation_failed", "Some fields are not valid.", fieldErrorsFromZod(target.error));
    const file = form.get("file");
    if (!(file instanceof File))
      throw new AppError("validation_failed", "Choose a file to upload.", {
        file: ["Choose a file to upload."],
      });
    if (file.size > MAX_RECEIPT_BYTES) throw new AppError("payload_too_large", TOO_LARGE_MESSAGE);
    const receipt = await uploadReceipt(claims, org.organization.id, target.data, {
      name: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
    });
    return NextResponse.json({ receipt }, { status: 201 });
  } catch (e) {
    return errorResponse(e);
  }
}

/**
 * The multipart form, read with a cap whether or not the request declares its length (a body
 * streamed without one is cut off at the cap, never buffered whole).
 */
async function readUploadForm(request: Request): Promise<FormData> {
  const bytes = await readBodyBytes(request, MAX_REQUEST_BYTES).catch((e: unknown) => {
    throw e instanceof AppError && e.code === "payload_too_large"
      ? new AppError("payload_too_large", TOO_LARGE_MESSAGE)
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
