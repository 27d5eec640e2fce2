import { describe, expect, it } from "vitest";
import { auditSentence, changedFields, describeAuditEntry, formatAuditValue, humanize } from "./audit-format";

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
    expect(describeAuditEntry({ action: "insert", resource_type: "loyalty_rewards", changes: {} })).toEqual({
      verb: "created",
      resource: "Loyalty rewards",
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

describe("auditSentence", () => {
  const dana = "8b0c2f3e-1d5a-4c7b-9e8f-0a1b2c3d4e5f";
  const sam = "1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b";
  const after = (fields: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { after: v }]));

  it("names the contact added, merged into or deleted", () => {
    const contacts = { actor_id: dana, resource_type: "contacts" };
    expect(
      auditSentence({
        ...contacts,
        action: "insert",
        changes: after({ first_name: "Ana", last_name: "Silva" }),
      }),
    ).toBe("added the contact Ana Silva");
    expect(
      auditSentence({ ...contacts, action: "delete", changes: { email: { before: "bo@x.test" } } }),
    ).toBe("deleted the contact bo@x.test");
    expect(
      auditSentence({
        ...contacts,
        action: "update",
        changes: {
          merged_contact_ids: { before: [], after: [sam, dana] },
          phone: { before: null, after: "555 0101" },
        },
      }),
    ).toBe("merged 2 duplicate contacts into the contact 555 0101");
    expect(
      auditSentence({ ...contacts, action: "update", changes: { tags: { before: [], after: ["vip"] } } }),
    ).toBe("updated the contact");
  });

  it("says who was invited, and as what", () => {
    const entry = { actor_id: dana, action: "insert" as const, resource_type: "invitations" };
    expect(auditSentence({ ...entry, changes: after({ email: "sam@acme.test", role: "sales" }) })).toBe(
      "invited sam@acme.test as Sales",
    );
  });

  it("tells joining apart from being added, and names role changes", () => {
    const insert = { action: "insert" as const, resource_type: "organization_members" };
    expect(
      auditSentence({ ...insert, actor_id: sam, changes: after({ user_id: sam, role: "viewer" }) }),
    ).toBe("joined as Viewer");
    expect(
      auditSentence({
        ...insert,
        actor_id: null,
        subject_name: "Dana",
        changes: after({ user_id: dana, role: "owner" }),
      }),
    ).toBe("added Dana as Owner");
    expect(
      auditSentence({
        action: "update",
        resource_type: "organization_members",
        actor_id: dana,
        subject_name: "Sam",
        changes: { role: { before: "sales", after: "administrator" } },
      }),
    ).toBe("changed Sam's role from Sales to Administrator");
    expect(
      auditSentence({
        action: "delete",
        resource_type: "organization_members",
        actor_id: dana,
        subject_name: null,
        changes: { user_id: { before: sam } },
      }),
    ).toBe("removed a member");
  });

  it("names custom roles, giving one to a member and a member's own permissions", () => {
    expect(
      auditSentence({
        action: "insert",
        resource_type: "custom_roles",
        actor_id: dana,
        changes: after({ name: "Workflow editor", permissions: ["workflows:update"] }),
      }),
    ).toBe("created the role Workflow editor");
    const update = { action: "update" as const, resource_type: "organization_members", actor_id: dana };
    expect(
      auditSentence({
        ...update,
        subject_name: "Sam",
        changes: { custom_role_id: { before: null, after: sam } },
      }),
    ).toBe("gave Sam a custom role");
    expect(
      auditSentence({
        ...update,
        subject_name: "Sam",
        changes: { custom_role_id: { before: sam, after: null } },
      }),
    ).toBe("put Sam back on their role");
    expect(
      auditSentence({
        ...update,
        subject_name: "Sam",
        changes: { custom_permissions: { before: {}, after: { grant: ["contacts:create"] } } },
      }),
    ).toBe("changed Sam's own permissions");
  });

  it("reads permissions, revoked keys and anything else as sentences", () => {
    expect(
      auditSentence({
        action: "delete",
        resource_type: "role_permissions",
        actor_id: dana,
        changes: {
          role: { before: "sales" },
          resource: { before: "team_members" },
          action: { before: "update" },
        },
      }),
    ).toBe("took away Sales's permission to update team members");
    expect(
      auditSentence({
        action: "update",
        resource_type: "api_keys",
        actor_id: dana,
        changes: {
          revoked_at: { before: null, after: "2026-12-07T10:00:00Z" },
          name: { before: "Zapier", after: "Zapier" },
        },
      }),
    ).toBe("revoked the API key Zapier");
    expect(
      auditSentence({
        action: "insert",
        resource_type: "commission_rules",
        actor_id: dana,
        changes: after({ name: "Base" }),
      }),
    ).toBe("created the commission rule Base");
    expect(
      auditSentence({
        action: "insert",
        resource_type: "api_keys",
        actor_id: dana,
        changes: after({ name: "Zapier" }),
      }),
    ).toBe("created the API key Zapier");
  });
});
