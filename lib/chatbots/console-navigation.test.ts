import { describe, expect, it } from "vitest";
import { organizationNav } from "@/lib/organizations/navigation";
import type { Permissions } from "@/lib/organizations/schema";

const labels = (permissions: Permissions) =>
  organizationNav("acme", { permissions }).flatMap((g) => g.items.map((i) => i.label));

describe("chatbot console navigation", () => {
  it("shows Chatbots to whoever may read bots and Inbox to whoever may read conversations", () => {
    expect(labels({ bots: ["read"], conversations: ["read"] })).toEqual(
      expect.arrayContaining(["Chatbots", "Inbox"]),
    );
    expect(labels({ conversations: ["read", "create", "update"] })).toContain("Inbox");
    expect(labels({ conversations: ["read", "create", "update"] })).not.toContain("Chatbots");
    expect(labels({ bots: ["read", "create"] })).not.toContain("Inbox");
  });

  it("links to the organization's bots and inbox", () => {
    const items = organizationNav("acme", {
      permissions: { bots: ["read"], conversations: ["read"] },
    }).flatMap((g) => g.items);
    expect(items.find((i) => i.label === "Chatbots")?.href).toBe("/o/acme/bots");
    expect(items.find((i) => i.label === "Inbox")?.href).toBe("/o/acme/inbox");
  });
});
