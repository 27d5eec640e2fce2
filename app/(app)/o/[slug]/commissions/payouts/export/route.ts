import { NextResponse, type NextRequest } from "next/server";
import { getClaims } from "@/lib/auth/session";
import { monthSchema, payoutsCsv } from "@/lib/commissions/payouts";
import { withUser } from "@/lib/db/client";
import { toAppError } from "@/lib/errors";
import { can } from "@/lib/organizations/can";
import { getOrganizationContext } from "@/lib/organizations/context";
import { assertSameOriginRequest } from "@/lib/http/origin";

/** The payroll CSV of a month's payouts (?month=YYYY-MM[&status=approved|paid]), as the member may read them. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ slug: string }> }) {
  try {
    assertSameOriginRequest(request);
    const { slug } = await params;
    const claims = await getClaims();
    if (!claims)
      return NextResponse.json(
        { error: { code: "unauthenticated", message: "Sign in first." } },
        { status: 401 },
      );
    const org = await getOrganizationContext(claims, slug);
    if (!org)
      return NextResponse.json({ error: { code: "not_found", message: "Not found." } }, { status: 404 });
    if (!can(org, "payouts", "read"))
      return NextResponse.json(
        { error: { code: "forbidden", message: "You may not read payouts here." } },
        { status: 403 },
      );
    const month = monthSchema.safeParse(request.nextUrl.searchParams.get("month") ?? "");
    if (!month.success)
      return NextResponse.json(
        { error: { code: "validation_failed", message: "Give the month as YYYY-MM." } },
        { status: 400 },
      );
    const statusParam = request.nextUrl.searchParams.get("status");
    const status = statusParam && ["draft", "approved", "paid"].includes(statusParam) ? statusParam : null;
    const csv = await withUser(claims, (tx) => payoutsCsv(tx, org.organization.id, month.data, status));
    return new Response(csv, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="payouts-${slug}-${month.data.slice(0, 7)}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (e) {
    const error = toAppError(e);
    return NextResponse.json(error.toBody(), { status: error.status });
  }
}
