import type { TaskList } from "graphile-worker";
import { z } from "zod";
import { PROCESS_DOCUMENT_TASK } from "./documents";
import { ghlHandoffTasks } from "./ghl-handoff";
import { processDocument } from "./processing";

/** The chatbots' background jobs, registered in lib/jobs/tasks.ts. */
export const chatbotTasks: TaskList = {
  ...ghlHandoffTasks,
  [PROCESS_DOCUMENT_TASK]: async (payload) => {
    const parsed = z.object({ documentId: z.uuid() }).safeParse(payload);
    if (!parsed.success) return; // a malformed job is dropped, not retried
    await processDocument(parsed.data.documentId);
  },
};
