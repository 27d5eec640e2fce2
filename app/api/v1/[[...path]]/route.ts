import { unknownApiRoute } from "@/lib/actions/api-key-route";

/** Any path under /api/v1 that no other route serves: a JSON 404 in the API's error shape. */
export const GET = unknownApiRoute;
export const HEAD = unknownApiRoute;
export const POST = unknownApiRoute;
export const PUT = unknownApiRoute;
export const PATCH = unknownApiRoute;
export const DELETE = unknownApiRoute;
