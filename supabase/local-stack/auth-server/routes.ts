import type { RequestContext } from "./context";
import { ApiError } from "./errors";
import { generateLink, invite } from "./handlers/admin-links";
import {
  adminCreateUser,
  adminDeleteUser,
  adminGetUser,
  adminListUsers,
  adminUpdateUser,
} from "./handlers/admin-users";
import { otp, recover, resend } from "./handlers/mail-requests";
import {
  adminDeleteFactor,
  adminListFactors,
  challengeFactor,
  enrollFactor,
  unenrollFactor,
  verifyFactor,
} from "./handlers/factors";
import { health, jwks, settings } from "./handlers/meta";
import { signup } from "./handlers/signup";
import { token } from "./handlers/token";
import { getUser, signOut, updateCurrentUser } from "./handlers/user";
import { verifyGet, verifyPost } from "./handlers/verify";
import type { Reply } from "./http";

type Handler = (ctx: RequestContext) => Promise<Reply>;

type Route = {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Path below /auth/v1; `:name` segments become ctx.params. */
  path: string;
  handler: Handler;
  /** Reachable without an API key, like the CLI gateway's open auth routes (email links, JWKS). */
  open?: boolean;
};

const ROUTES: Route[] = [
  { method: "GET", path: "/health", handler: health, open: true },
  { method: "GET", path: "/.well-known/jwks.json", handler: jwks, open: true },
  { method: "GET", path: "/settings", handler: settings },
  { method: "POST", path: "/signup", handler: signup },
  { method: "POST", path: "/token", handler: token },
  { method: "POST", path: "/logout", handler: signOut },
  { method: "GET", path: "/user", handler: getUser },
  { method: "PUT", path: "/user", handler: updateCurrentUser },
  { method: "POST", path: "/factors", handler: enrollFactor },
  { method: "POST", path: "/factors/:id/challenge", handler: challengeFactor },
  { method: "POST", path: "/factors/:id/verify", handler: verifyFactor },
  { method: "DELETE", path: "/factors/:id", handler: unenrollFactor },
  { method: "POST", path: "/recover", handler: recover },
  { method: "POST", path: "/otp", handler: otp },
  { method: "POST", path: "/magiclink", handler: otp },
  { method: "POST", path: "/resend", handler: resend },
  { method: "GET", path: "/verify", handler: verifyGet, open: true },
  { method: "POST", path: "/verify", handler: verifyPost, open: true },
  { method: "POST", path: "/invite", handler: invite },
  { method: "POST", path: "/admin/generate_link", handler: generateLink },
  { method: "GET", path: "/admin/users", handler: adminListUsers },
  { method: "POST", path: "/admin/users", handler: adminCreateUser },
  { method: "GET", path: "/admin/users/:id", handler: adminGetUser },
  { method: "PUT", path: "/admin/users/:id", handler: adminUpdateUser },
  { method: "DELETE", path: "/admin/users/:id", handler: adminDeleteUser },
  { method: "GET", path: "/admin/users/:id/factors", handler: adminListFactors },
  { method: "DELETE", path: "/admin/users/:id/factors/:factorId", handler: adminDeleteFactor },
];

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null; // malformed percent-encoding matches nothing
  }
}

function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split("/");
  const got = path.replace(/\/+$/, "").split("/");
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (w.startsWith(":")) {
      const value = decodeSegment(g);
      if (value === null) return null;
      params[w.slice(1)] = value;
    } else if (w !== g) return null;
  }
  return params;
}

/** The route for a request, or 404/405 as GoTrue's router answers. */
export function findRoute(method: string, path: string): { route: Route; params: Record<string, string> } {
  let pathMatched = false;
  for (const route of ROUTES) {
    const params = matchPath(route.path, path);
    if (!params) continue;
    pathMatched = true;
    if (route.method === method) return { route, params };
  }
  if (pathMatched) throw new ApiError(405, "method_not_allowed", "Method Not Allowed");
  throw new ApiError(404, "not_found", "Not Found");
}
