import { graphqlMethodNotAllowed, serveGraphql } from "@/lib/api/graphql/route";

// GraphQL over the same RLS as the REST API (PostGraphile; lib/api/graphql).
export const POST = serveGraphql;
export const GET = graphqlMethodNotAllowed;
export const PUT = graphqlMethodNotAllowed;
export const PATCH = graphqlMethodNotAllowed;
export const DELETE = graphqlMethodNotAllowed;
