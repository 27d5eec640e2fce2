import { describe, expect, it } from "vitest";
import { cn } from "./cn";
import { initials } from "./initials";
import { firstParam, hrefWithParams, isCalendarDay, pageParam, queryParam } from "./search-params";
import { formatRelativeTime } from "./time";
import { timeZoneGroups } from "./time-zones";

describe("cn", () => {
  it("lets later Tailwind classes win", () => {
    expect(cn("px-2 text-sm", false && "hidden", "px-4")).toBe("text-sm px-4");
  });
});

describe("initials", () => {
  it.each([
    ["Ada Lovelace", "AL"],
    ["ada", "A"],
    ["Grace Brewster Murray Hopper", "GH"],
    ["ada.lovelace@example.com", "A"],
    ["   ", "?"],
  ])("%j → %j", (name, expected) => {
    expect(initials(name)).toBe(expected);
  });
});

describe("firstParam", () => {
  it("takes the first of repeated parameters", () => {
    expect(firstParam(["a", "b"])).toBe("a");
    expect(firstParam("a")).toBe("a");
    expect(firstParam(undefined)).toBeUndefined();
  });
});

describe("isCalendarDay", () => {
  it("takes real days Postgres accepts and nothing else", () => {
    for (const day of ["2026-01-31", "2024-02-29", "0001-01-01", "9999-12-31"])
      expect(isCalendarDay(day), day).toBe(true);
    for (const day of [
      "0000-01-01",
      "2026-02-31",
      "2025-02-29",
      "2026-13-01",
      "26-01-01",
      "2026-1-1",
      "yesterday",
      "",
    ])
      expect(isCalendarDay(day), day).toBe(false);
  });
});

describe("hrefWithParams", () => {
  it("adds the set parameters and leaves out empty ones", () => {
    expect(hrefWithParams("/o/acme/members", { q: "ana bo", page: 2, role: undefined, x: "" })).toBe(
      "/o/acme/members?q=ana+bo&page=2",
    );
    expect(hrefWithParams("/o/acme", {})).toBe("/o/acme");
  });
});

describe("pageParam and queryParam", () => {
  it.each([
    [undefined, 1],
    ["3", 3],
    ["0", 1],
    ["-2", 1],
    ["2.5", 1],
    ["abc", 1],
    [["4", "5"], 4],
  ])("page %j → %d", (value, page) => {
    expect(pageParam(value)).toBe(page);
  });

  it("trims a search and drops an empty one", () => {
    expect(queryParam("  ana ")).toBe("ana");
    expect(queryParam("   ")).toBeUndefined();
    expect(queryParam("x".repeat(300))?.length).toBe(100);
  });
});

describe("formatRelativeTime", () => {
  const now = new Date("2026-01-01T12:00:00Z");
  it.each([
    [-10_000, "just now"],
    [-5 * 60_000, "5 minutes ago"],
    [-3 * 3_600_000, "3 hours ago"],
    [-24 * 3_600_000, "yesterday"],
    [2 * 3_600_000, "in 2 hours"],
  ])("%d ms → %j", (delta, expected) => {
    expect(formatRelativeTime(new Date(now.getTime() + delta), now)).toBe(expected);
  });
});

describe("timeZoneGroups", () => {
  const groups = timeZoneGroups(null, new Date("2026-01-15T12:00:00Z"));
  const all = groups.flatMap((g) => g.zones);

  it("groups zones by region, with UTC under Other at the end", () => {
    expect(groups.at(-1)?.region).toBe("Other");
    expect(all.find((z) => z.value === "UTC")).toBeDefined();
    expect(
      groups.find((g) => g.region === "America")?.zones.find((z) => z.value === "America/New_York")?.label,
    ).toBe("New York (GMT-5)");
  });

  it("keeps a saved zone that is not in the list", () => {
    const withLegacy = timeZoneGroups("Etc/Unknown_Zone").flatMap((g) => g.zones);
    expect(withLegacy.some((z) => z.value === "Etc/Unknown_Zone")).toBe(true);
  });
});
