import type { TaskList } from "graphile-worker";
import { z } from "zod";
import { extractReceipt } from "./receipt-extraction";
import { EXTRACT_RECEIPT_TASK } from "./receipt-files";

/** The receipts' background job, registered in lib/jobs/tasks.ts. */
export const receiptTasks: TaskList = {
  [EXTRACT_RECEIPT_TASK]: async (payload) => {
    const parsed = z.object({ receiptId: z.uuid() }).safeParse(payload);
    if (!parsed.success) return; // a malformed job is dropped, not retried
    await extractReceipt(parsed.data.receiptId);
  },
};
