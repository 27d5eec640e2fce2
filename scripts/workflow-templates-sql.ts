/**
 * Prints SQL that writes the workflow template catalog (lib/workflows/templates) into
 * `workflow_templates`, keyed by `key`, for a new migration:
 *
 *   tsx scripts/workflow-templates-sql.ts [--update] [key …] >> supabase/migrations/<timestamp>_<name>.sql
 *
 * Without --update, templates already present are left alone (`on conflict do nothing`); with it,
 * their name, category, description and definition are replaced. Keys narrow it to some templates.
 * Landed migrations are never edited: a changed template goes out in a new migration.
 */
import { workflowTemplateCatalog } from "@/lib/workflows/templates";

const args = process.argv.slice(2);
const update = args.includes("--update");
const keys = args.filter((a) => !a.startsWith("--"));
const chosen = keys.length
  ? workflowTemplateCatalog.filter((t) => keys.includes(t.key))
  : [...workflowTemplateCatalog];
const missing = keys.filter((k) => !workflowTemplateCatalog.some((t) => t.key === k));
if (missing.length) {
  console.error(`Unknown template keys: ${missing.join(", ")}`);
  process.exit(1);
}

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

const rows = chosen.map(
  (t) =>
    `  (${literal(t.key)}, ${literal(t.name)}, ${literal(t.category)},\n   ${literal(t.description)},\n   ${literal(JSON.stringify(t.definition))})`,
);
console.log(
  [
    "insert into public.workflow_templates (key, name, category, description, definition) values",
    rows.join(",\n"),
    "on conflict (key) where organization_id is null do " +
      (update
        ? "update set name = excluded.name, category = excluded.category,\n" +
          "  description = excluded.description, definition = excluded.definition;"
        : "nothing;"),
  ].join("\n"),
);
