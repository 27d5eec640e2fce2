/** A workflow's lifecycle, shared by the data layer and the UI (no server code here). */
export const WORKFLOW_STATUSES = ["draft", "active", "paused", "archived"] as const;
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number];

export const workflowStatusLabels: Record<WorkflowStatus, string> = {
  draft: "Draft",
  active: "Active",
  paused: "Paused",
  archived: "Archived",
};

export const workflowStatusDescriptions: Record<WorkflowStatus, string> = {
  draft: "Never published: it does not run yet.",
  active: "Its published version runs when its trigger fires.",
  paused: "Published, but it does not run until resumed.",
  archived: "Kept for the record; does not run or count against your plan.",
};
