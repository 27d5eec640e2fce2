import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/**
 * The boundary rules of eslint/boundaries.mjs, run through the project's real ESLint config on
 * fixture sources at paths inside the tree: each violation is reported, and the allowed form of
 * the same import is not.
 */

const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, "..") });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

// The first lint builds the project's whole ESLint config (typed rules included): seconds on a busy machine.
describe("import boundaries", { timeout: 60_000 }, () => {
  it("refuses lib/db in app/ and components/, types excepted", async () => {
    const withUser = 'import { withUser } from "@/lib/db/client";\nexport const run = withUser;\n';
    const page = await problems("app/(app)/o/[slug]/fixture/page.tsx", withUser);
    expect(page).toEqual([
      expect.stringMatching(/no-restricted-imports: .*app\/ and components\/ do not use lib\/db/),
    ]);
    expect(await problems("components/fixture/list.tsx", withUser)).toHaveLength(1);
    const typeOnly = 'import type { Tx } from "@/lib/db/client";\nexport type Run = (tx: Tx) => void;\n';
    expect(await problems("app/(app)/o/[slug]/fixture/page.tsx", typeOnly)).toEqual([]);
  });

  it("refuses a feature folder in platform code, and allows platform and shared folders", async () => {
    const feature = 'import { can } from "@/lib/organizations/can";\nexport const check = can;\n';
    for (const folder of ["db", "errors", "http", "files", "mail", "queue", "llm"]) {
      expect(await problems(`lib/${folder}/fixture.ts`, feature), folder).toEqual([
        expect.stringMatching(/no-restricted-imports: .*Platform code/),
      ]);
    }
    expect(
      await problems(
        "lib/http/fixture.ts",
        'import { defineOrgRoute } from "@/lib/actions/session-route";\nexport const d = defineOrgRoute;\n',
      ),
    ).toHaveLength(1);
    const platform =
      'import { AppError } from "@/lib/errors";\nimport { csvCell } from "@/lib/utils/csv";\nexport const x = [AppError, csvCell];\n';
    expect(await problems("lib/http/fixture.ts", platform)).toEqual([]);
    // Feature code may import platform code and other features.
    expect(await problems("lib/commissions/fixture.ts", feature)).toEqual([]);
  });

  it("warns about a function over 100 lines", async () => {
    const body = Array.from({ length: 101 }, (_, i) => `  const v${i} = ${i};`).join("\n");
    const long = `export function long() {\n${body}\n  return v0;\n}\n`;
    expect(await problems("lib/commissions/fixture.ts", long)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^max-lines-per-function: /)]),
    );
  });
});
