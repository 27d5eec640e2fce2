import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { getClaims } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/respond";
import { listNotifications } from "@/lib/notifications/notifications";
import { requireOrganizationContext } from "@/lib/organizations/context";
import { assertSameOriginRequest } from "@/lib/http/origin";

export const dynamic = "force-dynamic";

const querySchema = z.object({ organization: z.string().regex(/^[a-z0-9-]{3,63}$/) });

/** GET /api/notifications?organization=<slug>: the bell's unread count and latest notifications. */
export async function GET(request: NextRequest) {
  try {
    assertSameOriginRequest(request);
    const claims = await getClaims();
    if (!claims) throw new AppError("unauthenticated", "Sign in to see your notifications.");
    const query = querySchema.safeParse({ organization: request.nextUrl.searchParams.get("organization") });
    if (!query.success)
      throw new AppError("bad_request", "Say which organization: ?organization=<its slug>.");
    const org = await requireOrganizationContext(claims, query.data.organization);
    const { notifications, unread } = await listNotifications(claims, org.organization.id);
    return NextResponse.json(
      {
        unread,
        notifications: notifications.map((n) => ({
          ...n,
          read_at: n.read_at?.toISOString() ?? null,
          created_at: n.created_at.toISOString(),
        })),
      },
      { headers: { "cache-control": "no-store" } },
    );
  } catch (e) {
    return errorResponse(e);
  }
}
