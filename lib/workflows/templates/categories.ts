/** The shipped templates' categories, in the order the picker shows them (kept apart from the catalog, for the browser). */
export const TEMPLATE_CATEGORIES = [
  "Leads",
  "Sales",
  "Payments",
  "Customer care",
  "Reports",
  "Integrations",
] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];
