/**
 * The shape of the tree in figures (issue 17): what CONTRIBUTING.md asks of every feature, counted
 * from the sources with the TypeScript parser. `npx tsx scripts/shape-report.ts` prints the counts
 * and where each comes from (`--list` prints every place); `scripts/shape-report.test.ts` keeps
 * each count at or under its ceiling, so they only go down.
 *
 * - claimsFirst: exported lib functions whose first parameter is the session's claims (they open
 *   their own transaction instead of taking the caller's `tx`); lib/db and the entry wrappers
 *   (lib/actions, the page guard and context) do that by design and are not counted;
 * - txTwins: exported lib functions named `…Tx` (a transaction-taking copy of a claims-first one);
 * - appDataAccess: app/ files that import `withUser` (or any value from lib/db) or run SQL;
 * - rowCasts: SQL results typed by a cast in lib (`tx<T[]>\`…\`` or `(await tx\`…\`) as T`);
 * - unwrappedSessionRoutes: app/ route handlers on the session cookie not built by a wrapper;
 * - longFiles: files in lib/ and components/ over 400 lines (tests included);
 * - longFunctions: functions over 100 lines (blank and comment lines not counted, as ESLint's
 *   max-lines-per-function) with no `eslint-disable-next-line max-lines-per-function -- reason`.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

export type ShapeCounts = Record<MetricName, string[]>;

export const METRICS = [
  "claimsFirst",
  "txTwins",
  "appDataAccess",
  "rowCasts",
  "unwrappedSessionRoutes",
  "longFiles",
  "longFunctions",
] as const;
export type MetricName = (typeof METRICS)[number];

const ROOT = path.resolve(import.meta.dirname, "..");
const SQL_TAGS = new Set(["tx", "sql", "t", "db", "q", "trx", "client", "inner"]);
/** Where taking the claims and opening the transaction is the job: lib/db and the entry wrappers. */
const ENTRY_WRAPPERS = /^lib\/(db\/|actions\/|organizations\/(page|context)\.ts$)/;
const ROUTE_WRAPPERS =
  /\b(defineOrgRoute|defineUserRoute|defineSameOriginRoute|defineApiKeyRoute|defineWebhook|defineQueuedWebhook)\b/;
/** Route handlers that read the session cookie themselves. */
const SESSION_USE = /\b(getClaims|requireClaims|withUser|createServerSupabase|cookies\(\))/;
const HTTP_METHODS = /export\s+(const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/;

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(path.join(ROOT, dir))) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const rel = path.join(dir, name);
    if (statSync(path.join(ROOT, rel)).isDirectory()) walk(rel, out);
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith(".d.ts")) out.push(rel);
  }
  return out;
}

const isTest = (file: string) => /\.test\.tsx?$/.test(file);

function parse(file: string, text: string): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
}

function lineOf(source: ts.SourceFile, node: ts.Node): number {
  return source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
}

function isExported(node: ts.Node): boolean {
  return (ts.getCombinedModifierFlags(node as ts.Declaration) & ts.ModifierFlags.Export) !== 0;
}

/** Exported functions of a module: declarations and `export const f = (…) => …`. */
function exportedFunctions(source: ts.SourceFile): { name: string; fn: ts.FunctionLikeDeclaration }[] {
  const out: { name: string; fn: ts.FunctionLikeDeclaration }[] = [];
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name && isExported(statement))
      out.push({ name: statement.name.text, fn: statement });
    if (ts.isVariableStatement(statement) && isExported(statement))
      for (const d of statement.declarationList.declarations) {
        const init = d.initializer;
        if (ts.isIdentifier(d.name) && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)))
          out.push({ name: d.name.text, fn: init });
      }
  }
  return out;
}

function sqlTag(node: ts.Node): ts.TaggedTemplateExpression | undefined {
  let inner = node;
  while (ts.isParenthesizedExpression(inner) || ts.isAwaitExpression(inner) || ts.isNonNullExpression(inner))
    inner = inner.expression;
  if (!ts.isTaggedTemplateExpression(inner)) return undefined;
  const tag = inner.tag;
  const name = ts.isIdentifier(tag)
    ? tag.text
    : ts.isPropertyAccessExpression(tag)
      ? tag.name.text
      : undefined;
  return name && SQL_TAGS.has(name) ? inner : undefined;
}

/** Lines ESLint's max-lines-per-function counts: not blank, not only a comment. */
function countedLines(source: ts.SourceFile, node: ts.Node): number {
  const text = source.text;
  const start = node.getStart(source);
  const end = node.getEnd();
  // Blank out comments inside the function, then count the lines with code left.
  let body = text.slice(start, end);
  const comments: [number, number][] = [];
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.JSX, body);
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia)
      comments.push([scanner.getTokenPos(), scanner.getTextPos()]);
  }
  for (const [a, b] of comments.reverse())
    body = body.slice(0, a) + body.slice(a, b).replace(/[^\n]/g, " ") + body.slice(b);
  return body.split("\n").filter((line) => line.trim() !== "").length;
}

function hasLengthReason(source: ts.SourceFile, node: ts.Node): boolean {
  // The comment sits on the line before the function, or before the statement that holds it.
  let anchor: ts.Node = node;
  while (
    anchor.parent &&
    !ts.isSourceFile(anchor.parent) &&
    (ts.isVariableDeclaration(anchor.parent) ||
      ts.isVariableDeclarationList(anchor.parent) ||
      ts.isVariableStatement(anchor.parent) ||
      ts.isExportAssignment(anchor.parent) ||
      ts.isCallExpression(anchor.parent) ||
      ts.isPropertyAssignment(anchor.parent))
  )
    anchor = anchor.parent;
  const line = source.getLineAndCharacterOfPosition(anchor.getStart(source)).line;
  const lines = source.text.split("\n");
  for (const candidate of [line - 1, line]) {
    const text = lines[candidate] ?? "";
    if (/eslint-disable-next-line[^\n]*max-lines-per-function\s*--\s*\S/.test(text)) return true;
  }
  return false;
}

/** The counts of the tree on disk. */
export function measure(): ShapeCounts {
  const files = [...walk("app"), ...walk("lib"), ...walk("components"), ...walk("supabase")];
  return measureSources(files.map((file) => ({ file, text: readFileSync(path.join(ROOT, file), "utf8") })));
}

/** The counts of the given sources (paths relative to the root). */
export function measureSources(sources: { file: string; text: string }[]): ShapeCounts {
  const counts = Object.fromEntries(METRICS.map((m) => [m, [] as string[]])) as ShapeCounts;

  for (const { file, text } of sources) {
    const source = parse(file, text);
    const inLib = file.startsWith("lib/");
    const inApp = file.startsWith("app/");

    if (
      (inLib || file.startsWith("components/")) &&
      source.text.split("\n").length - (source.text.endsWith("\n") ? 1 : 0) > 400
    )
      counts.longFiles.push(`${file} (${source.text.split("\n").length - 1} lines)`);

    if (inLib && !isTest(file)) {
      for (const { name, fn } of exportedFunctions(source)) {
        const first = fn.parameters[0];
        const typeText = first?.type?.getText(source) ?? "";
        const named = first && ts.isIdentifier(first.name) ? first.name.text : "";
        const claimsFirst =
          first && (named === "claims" || /\bUserClaims\b/.test(typeText)) && !/\|/.test(typeText);
        // Opens its own transaction: calls withUser, or hands the claims on to something that does.
        const body = fn.body?.getText(source) ?? "";
        const opens = /\bwithUser\w*\(/.test(body) || new RegExp(`\\(\\s*${named}\\b`).test(body);
        if (claimsFirst && opens && !ENTRY_WRAPPERS.test(file))
          counts.claimsFirst.push(`${file}:${lineOf(source, fn)} ${name}`);
        if (/[a-z0-9]Tx$/.test(name)) counts.txTwins.push(`${file}:${lineOf(source, fn)} ${name}`);
      }
    }

    if (inApp && !isTest(file)) {
      const reasons: string[] = [];
      for (const statement of source.statements) {
        if (!ts.isImportDeclaration(statement)) continue;
        const from = (statement.moduleSpecifier as ts.StringLiteral).text;
        const clause = statement.importClause;
        if (!from.startsWith("@/lib/db") || !clause || clause.isTypeOnly) continue;
        const values =
          clause.namedBindings && ts.isNamedImports(clause.namedBindings)
            ? clause.namedBindings.elements.filter((e) => !e.isTypeOnly).map((e) => e.name.text)
            : ["*"];
        if (values.length) reasons.push(`imports ${values.join(", ")} from ${from}`);
      }
      let sql = 0;
      source.forEachChild(function visit(node): void {
        if (ts.isTaggedTemplateExpression(node) && sqlTag(node)) sql++;
        node.forEachChild(visit);
      });
      if (sql) reasons.push(`${sql} SQL quer${sql === 1 ? "y" : "ies"}`);
      if (reasons.length) counts.appDataAccess.push(`${file}: ${reasons.join("; ")}`);

      if (/(^|\/)route\.tsx?$/.test(file) && HTTP_METHODS.test(source.text)) {
        if (SESSION_USE.test(source.text) && !ROUTE_WRAPPERS.test(source.text))
          counts.unwrappedSessionRoutes.push(file);
      }
    }

    if (inLib && !isTest(file)) {
      source.forEachChild(function visit(node): void {
        if (
          ts.isTaggedTemplateExpression(node) &&
          node.typeArguments?.length &&
          sqlTag(node) &&
          !hasCastReason(source, node)
        )
          counts.rowCasts.push(`${file}:${lineOf(source, node)} ${node.tag.getText(source)}<…>\`…\``);
        if ((ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) && sqlTag(node.expression)) {
          const type = node.type.getText(source);
          if (type !== "const" && !hasCastReason(source, node))
            counts.rowCasts.push(`${file}:${lineOf(source, node)} (sql) as ${type}`);
        }
        node.forEachChild(visit);
      });
    }

    if (!isTest(file) && /^(app|lib|components|supabase)\//.test(file)) {
      source.forEachChild(function visit(node): void {
        if (
          ts.isFunctionDeclaration(node) ||
          ts.isFunctionExpression(node) ||
          ts.isArrowFunction(node) ||
          ts.isMethodDeclaration(node)
        ) {
          const lines = countedLines(source, node);
          if (lines > 100 && !hasLengthReason(source, node)) {
            const name =
              (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name
                ? node.name.getText(source)
                : ts.isVariableDeclaration(node.parent)
                  ? node.parent.name.getText(source)
                  : "(anonymous)";
            counts.longFunctions.push(`${file}:${lineOf(source, node)} ${name} (${lines} lines)`);
          }
        }
        node.forEachChild(visit);
      });
    }
  }
  return counts;
}

/** A cast that must stay says why on the line before: `// cast: <reason>`. */
function hasCastReason(source: ts.SourceFile, node: ts.Node): boolean {
  const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
  const lines = source.text.split("\n");
  return [line - 1, line].some((l) => /\/\/\s*cast:\s*\S/.test(lines[l] ?? ""));
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const counts = measure();
  const list = process.argv.includes("--list");
  for (const metric of METRICS) {
    console.log(`${metric.padEnd(24)} ${counts[metric].length}`);
    if (list) for (const entry of counts[metric]) console.log(`    ${entry}`);
  }
}
