import { describe, expect, it } from "vitest";
import { formDataToObject } from "@/lib/actions/action";
import {
  apiKeyExpiry,
  createApiKeySchema,
  createOrganizationSchema,
  importTeamMembersSchema,
  inviteMemberSchema,
  setMemberSuspendedSchema,
} from "./schemas";

function form(entries: [string, string | Blob][]) {
  const fd = new FormData();
  for (const [k, v] of entries) fd.append(k, v);
  return formDataToObject(fd);
}

describe("createOrganizationSchema", () => {
  it("leaves the slug to the database when it is empty", () => {
    expect(
      createOrganizationSchema.parse(
        form([
          ["name", " Acme "],
          ["slug", "  "],
        ]),
      ),
    ).toEqual({ name: "Acme" });
  });

  it("takes a chosen slug in lowercase, and explains a bad one", () => {
    expect(
      createOrganizationSchema.parse(
        form([
          ["name", "Acme"],
          ["slug", "Acme-Sales"],
        ]),
      ).slug,
    ).toBe("acme-sales");
    const bad = createOrganizationSchema.safeParse(
      form([
        ["name", "Acme"],
        ["slug", "no spaces"],
      ]),
    );
    expect(bad.error?.issues[0]?.message).toBe("Use lowercase letters, digits and hyphens only.");
  });
});

describe("inviteMemberSchema", () => {
  it("normalises the address and refuses owners and bad addresses", () => {
    expect(inviteMemberSchema.parse({ email: " Ana@Example.COM ", role: "sales" })).toEqual({
      email: "ana@example.com",
      role: "sales",
    });
    expect(inviteMemberSchema.safeParse({ email: "ana@example.com", role: "owner" }).success).toBe(false);
    expect(
      inviteMemberSchema.safeParse({ email: "not-an-email", role: "viewer" }).error?.issues[0]?.message,
    ).toBe("Enter a valid email address.");
  });
});

describe("setMemberSuspendedSchema", () => {
  it("reads the flag from the form", () => {
    const id = "0b6e4c8e-59a4-4b43-9b8a-0fa2a4f1a111";
    expect(setMemberSuspendedSchema.parse({ member_id: id, suspended: "true" }).suspended).toBe(true);
    expect(setMemberSuspendedSchema.parse({ member_id: id, suspended: "false" }).suspended).toBe(false);
  });
});

describe("importTeamMembersSchema", () => {
  it("needs a file or pasted rows", () => {
    const empty = importTeamMembersSchema.safeParse(
      form([
        ["file", new File([], "")],
        ["csv", ""],
      ]),
    );
    expect(empty.error?.issues[0]?.message).toBe("Choose a CSV file or paste the rows.");
    expect(importTeamMembersSchema.parse(form([["csv", "full_name\nAna"]])).csv).toBe("full_name\nAna");
    const file = new File(["full_name\nAna"], "team.csv", { type: "text/csv" });
    expect(
      importTeamMembersSchema.parse(
        form([
          ["file", file],
          ["csv", ""],
        ]),
      ).file,
    ).toBeInstanceOf(Blob);
  });
});

describe("createApiKeySchema", () => {
  it("takes repeated permissions and a default expiry", () => {
    const parsed = createApiKeySchema.parse(
      form([
        ["name", " Zapier "],
        ["permissions[]", "members:read"],
        ["permissions[]", "team_members:read"],
      ]),
    );
    expect(parsed).toEqual({
      name: "Zapier",
      permissions: ["members:read", "team_members:read"],
      expires_in: "never",
    });
  });

  it("asks for at least one permission", () => {
    const parsed = createApiKeySchema.safeParse(form([["name", "Zapier"]]));
    expect(parsed.error?.issues.map((i) => i.message)).toEqual(["Choose at least one permission."]);
  });
});

describe("apiKeyExpiry", () => {
  it("counts days from now, or never", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    expect(apiKeyExpiry("never", now)).toBeNull();
    expect(apiKeyExpiry("30", now)?.toISOString()).toBe("2026-01-31T00:00:00.000Z");
  });
});
