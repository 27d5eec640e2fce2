import { describe, expect, it } from "vitest";
import { invitationAuthPath, invitationPath, invitationTokenFromPath } from "./invitation-links";
import { organizationUrl, slugify } from "./slug";

describe("slugify", () => {
  it.each([
    ["Acme Sales", "acme-sales"],
    ["  Ada's   workspace!! ", "ada-s-workspace"],
    ["Café Crème", "cafe-creme"],
    ["---", ""],
    ["Ünïcödé & Co.", "unicode-co"],
  ])("%j → %j", (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it("keeps at most 50 characters and never ends with a hyphen", () => {
    const slug = slugify(`${"a".repeat(49)} b`);
    expect(slug.length).toBeLessThanOrEqual(50);
    expect(slug).toBe("a".repeat(49));
  });

  it("gives what the slug schema accepts for ordinary names", () => {
    expect(slugify("Northwind Traders 2026")).toMatch(/^[a-z0-9-]{3,63}$/);
  });
});

describe("organizationUrl", () => {
  it("joins the site and the slug, with a placeholder while empty", () => {
    expect(organizationUrl("https://app.example.com/", "acme")).toBe("https://app.example.com/o/acme");
    expect(organizationUrl("http://localhost:3000", "")).toBe("http://localhost:3000/o/…");
  });
});

describe("invitation links", () => {
  it("come back to the invitation with the address filled in", () => {
    expect(invitationPath("abc_DEF-123")).toBe("/invitations/abc_DEF-123");
    expect(invitationAuthPath("/sign-up", "tok", "ana+x@example.com")).toBe(
      "/sign-up?next=%2Finvitations%2Ftok&email=ana%2Bx%40example.com",
    );
    expect(invitationAuthPath("/sign-in", "tok")).toBe("/sign-in?next=%2Finvitations%2Ftok");
  });

  it("give back the token of an invitation path and nothing for other paths", () => {
    expect(invitationTokenFromPath(invitationPath("abc_DEF-123"))).toBe("abc_DEF-123");
    expect(invitationTokenFromPath("/invitations/a%2Fb")).toBe("a/b");
    for (const other of ["/dashboard", "/invitations/", "/invitations/x/y", "/invitations/%E0%A4%A", null]) {
      expect(invitationTokenFromPath(other)).toBeNull();
    }
  });
});
