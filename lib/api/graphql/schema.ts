import type { GraphQLSchema } from "graphql";

/** The `graphql` module PostGraphile built the schema with (see GraphqlRuntime). */
type GraphqlModule = typeof import("graphql");
import { createPostGraphileSchema, type Plugin } from "postgraphile-core";
import { actAs, withServiceRoleBypassingRls } from "@/lib/db/client";
import { Client } from "./pg-client";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./limits";

/**
 * The GraphQL schema, built by PostGraphile (v4, postgraphile-core) from the `api` schema only:
 * views with the columns the REST API shows (supabase/migrations/20261207046000_graphql_api_schema.sql),
 * security_invoker so the caller's RLS applies. Introspected as `authenticated` with
 * ignoreRBAC off, so only what that role was granted appears (reads everywhere, writes on contacts).
 */
export const GRAPHQL_DATABASE_SCHEMA = "api";

/** A connection without `first` or `last` answers DEFAULT_PAGE_SIZE rows, never the whole table. */
const PageSizePlugin: Plugin = (builder) => {
  builder.hook("GraphQLObjectType:fields:field:args", (args, _build, context) => {
    if (!context.scope.isPgFieldConnection || !args.first) return args;
    return {
      ...args,
      first: {
        ...args.first,
        defaultValue: DEFAULT_PAGE_SIZE,
        description: `At most ${MAX_PAGE_SIZE} items (${DEFAULT_PAGE_SIZE} unless said).`,
      },
    };
  });
};

/**
 * The schema and the very `graphql` module instance that built it. graphql-js refuses a schema
 * made by another copy of itself ("from another module or realm"), and bundlers and Vite load
 * its ESM build for our imports while PostGraphile requires its CommonJS build: so parse,
 * validate and execute are taken from PostGraphile's build object, never imported.
 */
export type GraphqlRuntime = { schema: GraphQLSchema; graphql: GraphqlModule };

async function buildSchema(): Promise<GraphqlRuntime> {
  let graphql: GraphqlModule | undefined;
  const CaptureGraphqlPlugin: Plugin = (builder) => {
    builder.hook("build", (build) => {
      graphql = build.graphql as GraphqlModule;
      return build;
    });
  };
  // Catalog reads only; actAs switches to `authenticated` so grants decide what is exposed.
  const schema = await withServiceRoleBypassingRls(async (tx) => {
    await actAs(tx, "authenticated", {});
    const client = new Client(tx) as unknown as Parameters<typeof createPostGraphileSchema>[0];
    return createPostGraphileSchema(client, [GRAPHQL_DATABASE_SCHEMA], {
      dynamicJson: true,
      ignoreRBAC: false,
      simpleCollections: "omit",
      legacyRelations: "omit",
      appendPlugins: [PageSizePlugin, CaptureGraphqlPlugin],
    });
  });
  if (!graphql) throw new Error("PostGraphile built no schema");
  return { schema, graphql };
}

const cache = globalThis as unknown as { orgflowGraphqlSchema?: Promise<GraphqlRuntime> };

/** Built once per process (the schema changes only with a migration, i.e. a deploy). */
export function graphqlRuntime(): Promise<GraphqlRuntime> {
  if (!cache.orgflowGraphqlSchema) {
    cache.orgflowGraphqlSchema = buildSchema().catch((e: unknown) => {
      cache.orgflowGraphqlSchema = undefined;
      throw e;
    });
  }
  return cache.orgflowGraphqlSchema;
}
