import { describe, expect, it } from "vitest";
import { memberActionsFor, type MemberSummary, type Viewer } from "./member-actions";
import { isNavItemActive, organizationNav, slugFromPath } from "./navigation";
import type { Permissions } from "./schema";

/** "Group / Item" for every link, so tests read what a member would see. */
const links = (permissions: Permissions) =>
  organizationNav("acme", { permissions }).flatMap((g) =>
    g.items.map((i) => `${g.label ?? "Main"} / ${i.label}`),
  );

// Other features add their own items (workflows, billing …); these tests look only at this issue's.
describe("organizationNav", () => {
  it("shows everything to someone who may do everything", () => {
    const all: Permissions = {
      members: ["read"],
      team_members: ["read"],
      audit_logs: ["read"],
      organizations: ["read", "update"],
      api_keys: ["read"],
    };
    expect(links(all)).toEqual(
      expect.arrayContaining([
        "Main / Dashboard",
        "Main / Members",
        "Main / Team",
        "Main / Audit log",
        "Settings / General",
        "Settings / Permissions",
        "Settings / API keys",
      ]),
    );
    expect(links(all)[0]).toBe("Main / Dashboard");
  });

  it("leaves out settings for a sales rep (the default sales permissions)", () => {
    const sales = links({ organizations: ["read"], members: ["read"], team_members: ["read"] });
    expect(sales).toEqual(expect.arrayContaining(["Main / Dashboard", "Main / Members", "Main / Team"]));
    expect(sales.filter((l) => l.startsWith("Settings /"))).toEqual([]);
    expect(sales).not.toContain("Main / Audit log");
  });

  it("shows API keys alone under settings when that is all the member may open", () => {
    const keysOnly = links({ api_keys: ["read"] });
    expect(keysOnly.filter((l) => l.startsWith("Settings /"))).toEqual(["Settings / API keys"]);
    expect(keysOnly).not.toContain("Main / Members");
  });

  it("links to the contacts page for members who may read contacts", () => {
    expect(links({ contacts: ["read"] })).toContain("Main / Contacts");
    expect(links({ members: ["read"] })).not.toContain("Main / Contacts");
  });

  it("links inside the organization", () => {
    const items = organizationNav("acme", { permissions: { members: ["read"] } }).flatMap((g) => g.items);
    expect(items.every((i) => i.href === "/o/acme" || i.href.startsWith("/o/acme/"))).toBe(true);
    expect(items.find((i) => i.label === "Members")?.href).toBe("/o/acme/members");
  });
});

describe("isNavItemActive", () => {
  it("matches exact items exactly and others with their sub-pages", () => {
    expect(isNavItemActive("/o/acme", { href: "/o/acme", exact: true })).toBe(true);
    expect(isNavItemActive("/o/acme/members", { href: "/o/acme", exact: true })).toBe(false);
    expect(isNavItemActive("/o/acme/members/", { href: "/o/acme/members" })).toBe(true);
    expect(isNavItemActive("/o/acme/settings/api-keys", { href: "/o/acme/settings", exact: true })).toBe(
      false,
    );
    expect(isNavItemActive("/o/acme-2/members", { href: "/o/acme/members" })).toBe(false);
  });
});

describe("slugFromPath", () => {
  it("finds the organization in /o/<slug> paths only", () => {
    expect(slugFromPath("/o/acme/team")).toBe("acme");
    expect(slugFromPath("/o/acme")).toBe("acme");
    expect(slugFromPath("/profile")).toBeNull();
    expect(slugFromPath("/organizations/new")).toBeNull();
  });
});

describe("memberActionsFor", () => {
  const member = (
    role: MemberSummary["role"],
    status: MemberSummary["status"] = "active",
  ): MemberSummary => ({
    id: "m1",
    userId: "u-target",
    name: "Bo",
    role,
    status,
  });
  const viewer = (role: Viewer["role"], canUpdate = true, canDelete = true): Viewer => ({
    userId: "u-me",
    role,
    canUpdate,
    canDelete,
  });
  const list = (m: MemberSummary, v: Viewer) => [...memberActionsFor(m, v)].sort();

  it("offers only leaving on one's own row", () => {
    expect(list({ ...member("owner"), userId: "u-me" }, viewer("owner"))).toEqual(["leave"]);
  });

  it("lets an owner do everything to others, and make active members owners", () => {
    expect(list(member("viewer"), viewer("owner"))).toEqual(["owner", "remove", "role", "suspend"]);
    expect(list(member("viewer", "suspended"), viewer("owner"))).toEqual(["remove", "role", "suspend"]);
    expect(list(member("owner"), viewer("owner"))).toEqual(["remove", "role", "suspend"]);
  });

  it("keeps administrators away from owners", () => {
    expect(list(member("owner"), viewer("administrator"))).toEqual([]);
    expect(list(member("sales"), viewer("administrator"))).toEqual(["remove", "role", "suspend"]);
  });

  it("follows the viewer's permissions", () => {
    expect(list(member("sales"), viewer("administrator", false, true))).toEqual(["remove"]);
    expect(list(member("sales"), viewer("sales", false, false))).toEqual([]);
  });
});
