import { NextResponse } from "next/server";
import { z } from "zod";
import { defineOrgRoute } from "@/lib/actions/session-route";
import { listNotifications } from "@/lib/notifications/notifications";

export const dynamic = "force-dynamic";

const slugSchema = z.string().regex(/^[a-z0-9-]{3,63}$/);

/** GET /api/notifications?organization=<slug>: the bell's unread count and latest notifications. */
export const GET = defineOrgRoute({
  permission: null,
  organization: (request) => {
    const slug = slugSchema.safeParse(new URL(request.url).searchParams.get("organization"));
    return slug.success ? slug.data : null;
  },
  // listNotifications opens its own transaction as the user.
  transaction: false,
  handler: async ({ claims, organization }) => {
    const { notifications, unread } = await listNotifications(claims, organization.organization.id);
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
  },
});
