import { describe, expect, it } from "vitest";
import { measure, measureSources, METRICS, type MetricName } from "./shape-report";

/**
 * The shape counts of issue 17 only go down: each is at or under its ceiling here. Lower a ceiling
 * when you bring a count down; never raise one (follow CONTRIBUTING.md instead).
 */
const CEILINGS: Record<MetricName, number> = {
  claimsFirst: 25,
  txTwins: 12,
  appDataAccess: 0,
  rowCasts: 86,
  unwrappedSessionRoutes: 0,
  longFiles: 5,
  longFunctions: 39,
};

describe("shape of the tree (issue 17)", { timeout: 120_000 }, () => {
  const counts = measure();

  it.each(METRICS)("%s stays at or under its ceiling", (metric) => {
    expect(counts[metric], `${metric}:\n${counts[metric].join("\n")}`).toHaveLength(
      Math.min(counts[metric].length, CEILINGS[metric]),
    );
  });

  it("finds each thing it counts in a fixture (the measure is not blind)", () => {
    const long = Array.from({ length: 101 }, (_, i) => `  const a${i} = ${i};`).join("\n");
    const fixture = measureSources([
      {
        file: "lib/fixture/items.ts",
        text: [
          "export async function listItems(claims: UserClaims, id: string) {",
          "  return withUser(claims, (tx) => tx<Item[]>`select 1`);",
          "}",
          "export async function getItemTx(tx: Tx, id: string) {",
          "  return (await tx`select 1`) as Item[];",
          "}",
          "export async function parsed(tx: Tx) {",
          "  // cast: postgres.js counts rows itself",
          "  return (await tx`select 1`) as unknown as { count: number };",
          "}",
          `export function long() {\n${long}\n}`,
          "// eslint-disable-next-line max-lines-per-function -- a fixture that says why",
          `export function longWithReason() {\n${long}\n}`,
          ...Array.from({ length: 200 }, () => ""),
        ].join("\n"),
      },
      {
        file: "app/fixture/route.ts",
        text: 'import { withUser } from "@/lib/db/client";\nexport async function GET() { await getClaims(); }\n',
      },
      { file: "app/fixture/wrapped/route.ts", text: "export const GET = defineOrgRoute({});\n" },
    ]);
    expect(fixture.claimsFirst).toEqual(["lib/fixture/items.ts:1 listItems"]);
    expect(fixture.txTwins).toEqual(["lib/fixture/items.ts:4 getItemTx"]);
    expect(fixture.rowCasts).toHaveLength(2);
    expect(fixture.longFunctions).toEqual([expect.stringMatching(/^lib\/fixture\/items.ts:11 long /)]);
    expect(fixture.longFiles).toHaveLength(1);
    expect(fixture.appDataAccess).toEqual(["app/fixture/route.ts: imports withUser from @/lib/db/client"]);
    expect(fixture.unwrappedSessionRoutes).toEqual(["app/fixture/route.ts"]);
  });
});
