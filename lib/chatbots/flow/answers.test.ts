import { describe, expect, it } from "vitest";
import { checkAnswer, fillTemplate, looksLikeAnswerAttempt } from "./answers";

describe("checkAnswer", () => {
  it("accepts and normalises email addresses", () => {
    expect(checkAnswer("email", "  Jane.Doe@Example.COM ")).toEqual({
      ok: true,
      value: "jane.doe@example.com",
    });
    expect(checkAnswer("email", "mailto:a@b.co")).toEqual({ ok: true, value: "a@b.co" });
  });

  it.each(["jane", "jane@", "@example.com", "jane@example", "jane doe@example.com", ""])(
    "refuses %j as an email with a reason",
    (value) => {
      const result = checkAnswer("email", value);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(/email|answer/i);
    },
  );

  it("accepts phone numbers with punctuation and keeps digits and a leading +", () => {
    expect(checkAnswer("phone", "+1 (555) 010-2030")).toEqual({ ok: true, value: "+15550102030" });
    expect(checkAnswer("phone", "030 1234567")).toEqual({ ok: true, value: "0301234567" });
  });

  it.each(["call me", "12345", "+1 555 010 2030 4040 5050", "555-CALL-NOW"])(
    "refuses %j as a phone number",
    (v) => {
      expect(checkAnswer("phone", v).ok).toBe(false);
    },
  );

  it("matches choices case-insensitively or by number, answering the choice as written", () => {
    const choices = ["Sales", "Support", "Billing question"];
    expect(checkAnswer("choice", "support", choices)).toEqual({ ok: true, value: "Support" });
    expect(checkAnswer("choice", "  billing   QUESTION ", choices)).toEqual({
      ok: true,
      value: "Billing question",
    });
    expect(checkAnswer("choice", "1", choices)).toEqual({ ok: true, value: "Sales" });
    const wrong = checkAnswer("choice", "4", choices);
    expect(wrong).toEqual({ ok: false, reason: "Please choose one of: Sales, Support, Billing question." });
  });

  it("accepts any non-empty text, trimmed", () => {
    expect(checkAnswer("text", "  Ana  ")).toEqual({ ok: true, value: "Ana" });
    expect(checkAnswer("text", "   ").ok).toBe(false);
  });
});

describe("fillTemplate", () => {
  it("fills answers by name and leaves unknown ones empty", () => {
    expect(
      fillTemplate("Thanks {{ answers.name }}! We'll write to {{email}}.{{ missing }}", {
        name: "Ana",
        email: "a@b.co",
      }),
    ).toBe("Thanks Ana! We'll write to a@b.co.");
  });
  it("does not read inherited properties", () => {
    expect(fillTemplate("{{ constructor }}", {})).toBe("");
  });
});

describe("looksLikeAnswerAttempt", () => {
  it("tells a mistyped answer from another question", () => {
    expect(looksLikeAnswerAttempt("email", "jane@example")).toBe(true);
    expect(looksLikeAnswerAttempt("email", "jane at example dot com")).toBe(true);
    expect(looksLikeAnswerAttempt("email", "jane.example.com")).toBe(true);
    expect(looksLikeAnswerAttempt("email", "When is your office open?")).toBe(false);
    expect(looksLikeAnswerAttempt("email", "no thanks")).toBe(false);
    expect(looksLikeAnswerAttempt("phone", "555 01")).toBe(true);
    expect(looksLikeAnswerAttempt("phone", "do you work on sundays")).toBe(false);
    expect(looksLikeAnswerAttempt("choice", "7")).toBe(true);
    expect(looksLikeAnswerAttempt("choice", "how much is it?")).toBe(false);
    expect(looksLikeAnswerAttempt("text", "anything")).toBe(true);
  });
});
