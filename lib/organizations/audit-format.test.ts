import { describe, expect, it } from "vitest";
import { changedFields, describeAuditEntry, formatAuditValue, humanize } from "./audit-format";

describe("describeAuditEntry", () => {
  it("names the action, the kind of thing and which one", () => {
    expect(
      describeAuditEntry({
        action: "update",
        resource_type: "team_members",
        changes: {
          full_name: { before: "Bo", after: "Bo Diaz" },
          commission_rate: { before: "5", after: "7" },
        },
      }),
    ).toEqual({ verb: "updated", resource: "Team member", subject: "Bo Diaz" });
  });

  it("describes permission changes by role, resource and action", () => {
    expect(
      describeAuditEntry({
        action: "delete",
        resource_type: "role_permissions",
        changes: {
          role: { before: "bot_trainer" },
          resource: { before: "bots" },
          action: { before: "delete" },
        },
      }),
    ).toEqual({ verb: "deleted", resource: "Permission", subject: "Bot trainer: bots delete" });
  });

  it("copes with tables it does not know and entries without a name", () => {
    expect(describeAuditEntry({ action: "insert", resource_type: "commission_rules", changes: {} })).toEqual({
      verb: "created",
      resource: "Commission rules",
      subject: null,
    });
  });
});

describe("changedFields", () => {
  it("lists fields by name, before and after, without bookkeeping columns", () => {
    expect(
      changedFields({
        action: "update",
        resource_type: "organization_members",
        changes: { role: { before: "viewer", after: "sales" }, id: { before: "x", after: "y" } },
      }),
    ).toEqual([{ field: "role", label: "Role", before: "viewer", after: "sales" }]);
  });

  it("shows only the new values of a creation and the old ones of a deletion", () => {
    expect(
      changedFields({ action: "insert", resource_type: "api_keys", changes: { name: { after: "Zapier" } } }),
    ).toEqual([{ field: "name", label: "Name", after: "Zapier" }]);
    expect(
      changedFields({
        action: "delete",
        resource_type: "team_members",
        changes: { email: { before: null } },
      }),
    ).toEqual([{ field: "email", label: "Email", before: "empty" }]);
  });
});

describe("formatAuditValue", () => {
  it.each([
    [null, "empty"],
    ["", "empty"],
    [true, "Yes"],
    [false, "No"],
    [12.5, "12.5"],
    [["members:read", "team_members:read"], "members:read, team_members:read"],
    [[], "none"],
    [{ grant: ["a"] }, '{"grant":["a"]}'],
  ])("%j → %j", (value, text) => {
    expect(formatAuditValue(value)).toBe(text);
  });

  it("cuts long values", () => {
    const text = formatAuditValue("x".repeat(500));
    expect(text.length).toBe(140);
    expect(text.endsWith("…")).toBe(true);
  });
});

describe("humanize", () => {
  it("turns column names into words", () => {
    expect(humanize("commission_rate")).toBe("Commission rate");
    expect(humanize("name")).toBe("Name");
  });
});
