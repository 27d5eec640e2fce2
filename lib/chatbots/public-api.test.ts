import { describe, expect, it } from "vitest";
import { hashToken, newVisitorToken, visitorTokenMatches } from "./runtime";

describe("visitor tokens", () => {
  it("match only the token whose hash the session keeps", () => {
    const token = newVisitorToken();
    expect(visitorTokenMatches(hashToken(token), token)).toBe(true);
    expect(visitorTokenMatches(hashToken(token), newVisitorToken())).toBe(false);
    expect(visitorTokenMatches("not-a-hash", token)).toBe(false);
  });
});
