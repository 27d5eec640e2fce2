import type { DocumentNode, ExecutionResult, GraphQLError } from "graphql";
import { z } from "zod";
import { withUser, type UserClaims } from "@/lib/db/client";
import { AppError, toAppError } from "@/lib/errors";
import { fieldErrorsFromZod } from "@/lib/errors";
import { checkQueryLimits, MAX_DOCUMENT_CHARACTERS } from "./limits";
import { Client } from "./pg-client";
import { graphqlRuntime, type GraphqlRuntime } from "./schema";

/** A GraphQL request body (graphql-over-http): the document, its variables and which operation. */
export const graphqlRequestSchema = z.object({
  query: z.string().min(1).max(MAX_DOCUMENT_CHARACTERS),
  variables: z.record(z.string(), z.unknown()).nullable().optional(),
  operationName: z.string().max(200).nullable().optional(),
});
export type GraphqlRequest = z.infer<typeof graphqlRequestSchema>;

export function parseGraphqlRequest(json: unknown): GraphqlRequest {
  const parsed = graphqlRequestSchema.safeParse(json);
  if (!parsed.success)
    throw new AppError(
      "validation_failed",
      "Send { query, variables?, operationName? }.",
      fieldErrorsFromZod(parsed.error),
    );
  return parsed.data;
}

/** A refusal before execution: a 400 in AppError's shape (AppError's fields stay under `error`). */
const refuse = (message: string) => new AppError("validation_failed", message);

/** Parses and checks a request against the schema and the limits, with no database work. */
function prepare(
  { schema, graphql }: GraphqlRuntime,
  request: GraphqlRequest,
): { document: DocumentNode; variables: Record<string, unknown> } {
  let document: DocumentNode;
  try {
    document = graphql.parse(request.query, { noLocation: true });
  } catch (e) {
    throw refuse(
      e instanceof graphql.GraphQLError
        ? `The query does not parse: ${e.message}`
        : "The query does not parse.",
    );
  }
  const problems = graphql.validate(schema, document, graphql.specifiedRules).slice(0, 5);
  if (problems.length > 0) throw refuse(problems.map((p) => p.message).join(" "));
  const operation = graphql.getOperationAST(document, request.operationName ?? undefined);
  if (!operation) throw refuse("Say which operation to run (operationName), or send one.");
  if (operation.operation === "subscription") throw refuse("Subscriptions are not offered.");
  const variables = request.variables ?? {};
  checkQueryLimits(document, operation, variables);
  return { document, variables };
}

/** An error of one field, as GraphQL answers it, with AppError's code and its message for people. */
function formatError(error: GraphQLError) {
  const app = toAppError(error.originalError ?? error);
  if (app.code === "internal") console.error("[graphql] failed:", error.originalError ?? error);
  return {
    message: app.code === "internal" ? app.message : error.originalError ? app.message : error.message,
    path: error.path,
    extensions: { code: app.code },
  };
}

/**
 * Runs the request in one transaction as `claims` (withUser: `set local role authenticated` and
 * `request.jwt.claims`, the same as every other user request), PostGraphile's statements on that
 * transaction's connection. A statement that fails (RLS refuses a row, a constraint) rolls the
 * whole request back and is answered as the REST API answers it (403, 409, … in AppError's shape):
 * postgres.js ends a transaction at its first failed statement, PostGraphile's savepoints
 * notwithstanding, so nothing of a partly failed request is kept.
 */
export async function runGraphql(claims: UserClaims, request: GraphqlRequest) {
  const runtime = await graphqlRuntime();
  const { document, variables } = prepare(runtime, request);
  const { schema, graphql } = runtime;
  const result = (await withUser(claims, (tx) =>
    Promise.resolve(
      graphql.execute({
        schema,
        document,
        variableValues: variables,
        operationName: request.operationName ?? undefined,
        contextValue: { pgClient: new Client(tx) },
      }),
    ),
  )) as ExecutionResult;
  return {
    ...(result.errors ? { errors: result.errors.map(formatError) } : {}),
    data: result.data ?? null,
  };
}
