/**
 * The import boundaries of the tree (CONTRIBUTING.md, "Folders"), as ESLint rules:
 *
 * - `app/` and `components/` import nothing from `lib/db` but types: the wrapper or page guard
 *   opens the transaction and a lib function runs the SQL.
 * - Platform folders (db, errors, http, queue, llm, files, mail) import no feature folder, nor the
 *   entry wrappers of `lib/actions` (which resolve organizations); only each other, `lib/config`
 *   and `lib/utils`.
 * - Functions over 100 lines are reported; one that must stay long says why in an
 *   `eslint-disable-next-line max-lines-per-function -- <reason>` comment.
 *
 * The `*_BASELINE` lists are the files that broke a rule when it was introduced (issue 17): each
 * shrinks as those files are reworked, and nothing may be added to them.
 */

export const PLATFORM_FOLDERS = ["db", "errors", "http", "queue", "llm", "files", "mail"];
/** Not features either: what platform code may lean on. */
const SHARED_FOLDERS = ["config", "utils"];

const DB_MESSAGE =
  "app/ and components/ do not use lib/db: the route wrapper or page guard opens the transaction " +
  "and calls a lib/<feature> function (type imports are fine).";
const PLATFORM_MESSAGE =
  "Platform code (lib/db, errors, http, queue, llm, files, mail) imports no feature: move what both " +
  "need into a platform folder, or pass it in.";

/** app/ and components/ files that still import lib/db (issue 17, item 1 moves their SQL into lib). */
export const APP_DB_BASELINE = [];

/** Files with a function over 100 lines when the rule came in (issue 17, item 4 splits them). */
export const LONG_FUNCTION_BASELINE = [
  "app/(app)/o/[[]slug]/contacts/page.tsx",
  "app/(app)/o/[[]slug]/settings/integrations/[[]integrationId]/page.tsx",
  "app/(app)/o/[[]slug]/settings/integrations/page.tsx",
  "app/dev/mailbox/page.tsx",
  "app/page.tsx",
  "app/terms/page.tsx",
  "components/app-shell/notifications-bell.tsx",
  "components/chatbots/bot-settings.tsx",
  "components/chatbots/document-list.tsx",
  "components/chatbots/flow/bot-flow-editor.tsx",
  "components/chatbots/flow/bot-registry.tsx",
  "components/chatbots/test-chat.tsx",
  "components/chatbots/transcript.tsx",
  "components/commissions/approval-queue.tsx",
  "components/commissions/commissions-chart.tsx",
  "components/commissions/receipts/receipt-card.tsx",
  "components/commissions/receipts/receipts-panel.tsx",
  "components/contacts/contacts-import.tsx",
  "components/contacts/contacts-table.tsx",
  "components/executions/run-actions.tsx",
  "components/executions/run-view.tsx",
  "components/integrations/connect-ghl-form.tsx",
  "components/organizations/api-keys/create-api-key-form.tsx",
  "components/organizations/members/member-actions.tsx",
  "components/organizations/settings/organization-settings-forms.tsx",
  "components/organizations/team/team-member-fields.tsx",
  "components/profile/profile-form.tsx",
  "components/workflows/builder/canvas-editor.tsx",
  "components/workflows/builder/config-form.tsx",
  "components/workflows/builder/expression-input.tsx",
  "components/workflows/builder/node-card.tsx",
  "components/workflows/builder/run-overlay.tsx",
  "components/workflows/builder/side-panel.tsx",
  "components/workflows/builder/toolbar.tsx",
  "components/workflows/builder/use-draft-sync.ts",
  "components/workflows/builder/workflow-builder.tsx",
  "components/workflows/workflow-row-actions.tsx",
  "components/workflows/workflow-table.tsx",
  "lib/chatbots/processing.ts",
  "lib/commissions/recompute.ts",
  "lib/executions/stream.ts",
  "lib/workflows/graph.ts",
  "supabase/local-stack/stack.ts",
];

const allowed = [...PLATFORM_FOLDERS, ...SHARED_FOLDERS].flatMap((folder) => [
  `!@/lib/${folder}`,
  `!@/lib/${folder}/*`,
]);

export const boundaries = [
  {
    name: "boundaries/app-no-db",
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    ignores: APP_DB_BASELINE,
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/lib/db", "@/lib/db/*"], allowTypeImports: true, message: DB_MESSAGE }] },
      ],
    },
  },
  {
    name: "boundaries/platform-no-feature",
    files: PLATFORM_FOLDERS.map((folder) => `lib/${folder}/**/*.{ts,tsx,mts,mjs}`),
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/lib/*", ...allowed], message: PLATFORM_MESSAGE },
            { group: ["@/app/*", "@/components/*", "../*"], message: PLATFORM_MESSAGE },
          ],
        },
      ],
    },
  },
  {
    name: "boundaries/function-length",
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}", "supabase/**/*.ts"],
    ignores: ["**/*.test.ts", "**/*.test.tsx", ...LONG_FUNCTION_BASELINE],
    rules: {
      "max-lines-per-function": ["warn", { max: 100, skipBlankLines: true, skipComments: true }],
    },
  },
];
