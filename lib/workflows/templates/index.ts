import type { CatalogTemplate } from "./build";
import { customerTemplates } from "./customers";
import { leadTemplates } from "./leads";
import { reportTemplates } from "./reports";
import { salesTemplates } from "./sales";

export type { CatalogTemplate } from "./build";
export { TEMPLATE_CATEGORIES, type TemplateCategory } from "./categories";

/**
 * The workflow templates Orgflow ships, as code: typed, validated by unit tests
 * (templates.test.ts), written into a migration by scripts/workflow-templates-sql.ts and compared
 * with the database by tests/db/workflow-templates.db.test.ts. Changing one means a new migration
 * that updates its row by key. The five first templates (webhook-notify …) came with the
 * workflows migration and live only there.
 */
export const workflowTemplateCatalog: readonly CatalogTemplate[] = [
  ...leadTemplates,
  ...salesTemplates,
  ...customerTemplates,
  ...reportTemplates,
];

export function catalogTemplate(key: string): CatalogTemplate | undefined {
  return workflowTemplateCatalog.find((t) => t.key === key);
}
