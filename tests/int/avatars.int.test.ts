import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Sql, UserClaims } from "@/lib/db/client";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

const signedIn = vi.hoisted(() => ({ claims: null as UserClaims | null }));
vi.mock("@/lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/session")>()),
  getClaims: async () => signedIn.claims,
}));
vi.mock("next/cache", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/cache")>()),
  revalidatePath: () => {},
}));

const upload = await import("@/app/(app)/profile/avatar/route");
const serve = await import("@/app/(app)/avatars/[userId]/route");
const { updateProfileAction } = await import("@/lib/profiles/actions");

/**
 * Profile pictures through their routes (issue #15, item 15): a picture link can no longer be set
 * (a third-party tracking pixel); uploads are checked by content and size and refused from other
 * sites; the app serves them as strict images that cannot be sniffed, run or embedded elsewhere.
 */

const HOST = "app.example";
const SAME_ORIGIN = { host: HOST, origin: `https://${HOST}`, "sec-fetch-site": "same-origin" };
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

function post(bytes: Uint8Array, type: string, headers: Record<string, string> = SAME_ORIGIN) {
  const form = new FormData();
  form.set("file", new File([new Uint8Array(bytes)], "me.png", { type }));
  return upload.POST(new Request(`https://${HOST}/profile/avatar`, { method: "POST", body: form, headers }));
}

function get(
  userId: string,
  headers: Record<string, string> = { host: HOST, "sec-fetch-site": "same-origin" },
) {
  return serve.GET(new Request(`https://${HOST}/avatars/${userId}`, { headers }), {
    params: Promise.resolve({ userId }),
  });
}

describe("profile pictures through the app", () => {
  let sql: Sql;
  let a: TestTenant;
  let b: TestTenant;

  beforeAll(async () => {
    sql = testSql(4);
    [a, b] = await Promise.all([createTenant(sql, "PicsA"), createTenant(sql, "PicsB")]);
  });
  afterAll(async () => {
    await deleteTenants(sql, [a, b]);
    await sql.end();
  });

  it("no longer takes a picture link in the profile form", async () => {
    signedIn.claims = a.members.sales;
    const form = new FormData();
    form.set("display_name", "Sally");
    form.set("avatar_url", "https://tracker.example/pixel.gif?who=sally");
    const result = await updateProfileAction(null, form);
    expect(result.ok).toBe(true);
    const [row] = await sql`select display_name, avatar_url from profiles where id = ${a.members.sales.sub}`;
    expect(row).toEqual({ display_name: "Sally", avatar_url: null });
  });

  it("refuses uploads that are not images by content, too large, or sent from another site", async () => {
    signedIn.claims = a.members.sales;
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    expect((await post(svg, "image/png")).status).toBe(422);
    const html = Buffer.from("<html><script>alert(document.cookie)</script></html>");
    expect((await post(html, "image/jpeg")).status).toBe(422);
    expect((await post(Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]), "image/png")).status).toBe(413);
    const crossSite = await post(PNG, "image/png", { host: HOST, origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
    signedIn.claims = null;
    expect((await post(PNG, "image/png")).status).toBe(401);
    expect(await sql`select 1 from profile_avatars where user_id = ${a.members.sales.sub}`).toHaveLength(0);
  });

  it("stores an upload and serves it as a strict image to teammates only", async () => {
    signedIn.claims = a.members.sales;
    const saved = await post(PNG, "application/octet-stream");
    expect(saved.status).toBe(201);
    const { avatarUrl } = (await saved.json()) as { avatarUrl: string };
    expect(avatarUrl).toMatch(new RegExp(`^/avatars/${a.members.sales.sub}\\?v=\\d+$`));

    signedIn.claims = a.members.viewer;
    const res = await get(a.members.sales.sub);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toContain("sandbox");
    expect(res.headers.get("cross-origin-resource-policy")).toBe("same-origin");
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
    // Another site's <img> riding the cookie gets nothing.
    const embedded = await get(a.members.sales.sub, {
      host: HOST,
      "sec-fetch-site": "cross-site",
      "sec-fetch-mode": "no-cors",
      "sec-fetch-dest": "image",
    });
    expect(embedded.status).toBe(403);

    signedIn.claims = b.members.owner;
    expect((await get(a.members.sales.sub)).status).toBe(404);
    signedIn.claims = null;
    expect((await get(a.members.sales.sub)).status).toBe(401);

    signedIn.claims = a.members.sales;
    const removed = await upload.DELETE(
      new Request(`https://${HOST}/profile/avatar`, { method: "DELETE", headers: SAME_ORIGIN }),
    );
    expect(removed.status).toBe(204);
    const [row] = await sql`select avatar_url from profiles where id = ${a.members.sales.sub}`;
    expect(row!.avatar_url).toBeNull();
  });
});
