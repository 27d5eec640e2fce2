import { describe, expect, it } from "vitest";
import { pickedSlot, slotLabel } from "./booking";
import { nodeConfig } from "./flow/definition";
import { handoffText } from "./ghl-handoff";

const offer = {
  node: "book_1",
  slots: [
    { label: "Wed, Dec 9, 9:00 AM", start: "2026-12-09T09:00:00-05:00" },
    { label: "Wed, Dec 9, 10:00 AM", start: "2026-12-09T10:00:00-05:00" },
  ],
};

describe("the booking step's pure parts", () => {
  it("labels a slot in the calendar's time zone", () => {
    expect(slotLabel("2026-12-09T15:00:00Z", "America/New_York")).toBe("Wed, Dec 9, 10:00 AM");
    expect(slotLabel("2026-12-09T15:00:00Z", "Europe/Berlin")).toBe("Wed, Dec 9, 4:00 PM");
  });

  it("finds the pick by its label (any case and spacing) or its number, nothing else", () => {
    expect(pickedSlot(offer, "  wed, dec 9,  10:00 am ")).toBe(offer.slots[1]);
    expect(pickedSlot(offer, "1")).toBe(offer.slots[0]);
    expect(pickedSlot(offer, "#2")).toBe(offer.slots[1]);
    expect(pickedSlot(offer, "3")).toBeUndefined();
    expect(pickedSlot(offer, "0")).toBeUndefined();
    expect(pickedSlot(offer, "tomorrow morning")).toBeUndefined();
    expect(pickedSlot(null, "1")).toBeUndefined();
  });

  it("refuses a calendar id that could reach another endpoint, and an unknown time zone", () => {
    const config = (c: Record<string, unknown>) =>
      nodeConfig({ type: "book_appointment", data: { config: { calendar_id: "abc123", ...c } } });
    expect(config({})).toMatchObject({ calendar_id: "abc123", timezone: "UTC", days_ahead: 7, max_slots: 6 });
    expect(config({ calendar_id: "../contacts" })).toBeNull();
    expect(config({ calendar_id: "" })).toBeNull();
    expect(config({ timezone: "Mars/Olympus" })).toBeNull();
    expect(config({ days_ahead: 60 })).toBeNull();
  });

  it("writes the transcript for GoHighLevel the first time, the visitor's lines afterwards", () => {
    const messages = [
      { role: "user", content: "Hi" },
      { role: "bot", content: "Hello!" },
      { role: "agent", content: "Ana here." },
    ];
    expect(handoffText("Roofer", true, messages)).toBe(
      "Website chat with Roofer, handed to the team:\n\nVisitor: Hi\nRoofer: Hello!\nTeam: Ana here.",
    );
    expect(handoffText("Roofer", false, messages)).toBe("Hi");
    expect(handoffText("Roofer", true, [{ role: "user", content: "x".repeat(9000) }])).toHaveLength(8000);
  });
});
