import { z } from "zod";
import type { AskKind } from "./nodes";

/**
 * Checking a visitor's answer to an "ask" step (pure, unit-tested). Returns the value to store
 * (normalised: trimmed, an email lower-cased, a phone with its punctuation removed, a choice as
 * written in the step) or why it is not valid.
 */

export type AnswerCheck = { ok: true; value: string } | { ok: false; reason: string };

const PHONE_CHARS = /^\+?[0-9\s().\-/]+$/;

export function checkAnswer(kind: AskKind, raw: string, choices: readonly string[] = []): AnswerCheck {
  const text = raw.trim();
  if (!text) return { ok: false, reason: "Please type an answer." };
  switch (kind) {
    case "text":
      return text.length > 1000
        ? { ok: false, reason: "Please keep it under 1000 characters." }
        : { ok: true, value: text };
    case "email": {
      const candidate = text.replace(/^mailto:/i, "").toLowerCase();
      return z.email().max(320).safeParse(candidate).success
        ? { ok: true, value: candidate }
        : { ok: false, reason: "That does not look like an email address (like name@example.com)." };
    }
    case "phone": {
      if (!PHONE_CHARS.test(text)) return { ok: false, reason: "That does not look like a phone number." };
      const digits = text.replace(/\D/g, "");
      if (digits.length < 7 || digits.length > 15)
        return { ok: false, reason: "A phone number has 7 to 15 digits." };
      return { ok: true, value: `${text.startsWith("+") ? "+" : ""}${digits}` };
    }
    case "choice": {
      const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, " ");
      const exact = choices.find((c) => norm(c) === norm(text));
      if (exact) return { ok: true, value: exact };
      // "2" picks the second choice, as numbered lists invite.
      const index = /^\d{1,2}$/.test(text) ? Number(text) - 1 : -1;
      if (index >= 0 && index < choices.length) return { ok: true, value: choices[index]! };
      return { ok: false, reason: `Please choose one of: ${choices.join(", ")}.` };
    }
  }
}

/**
 * Whether an answer that did not pass `checkAnswer` was still meant as one (a mistyped email, a
 * phone number with a digit missing), so it is asked for again rather than taken for a question.
 */
export function looksLikeAnswerAttempt(kind: AskKind, raw: string): boolean {
  const text = raw.trim();
  switch (kind) {
    case "text":
      return true;
    case "email":
      return (
        text.includes("@") ||
        /^\S+\.[a-z]{2,}$/i.test(text) ||
        /\bat\b.*\bdot\b/i.test(text) ||
        /^mailto:/i.test(text)
      );
    case "phone": {
      const digits = text.replace(/\D/g, "").length;
      return digits >= 5 && digits >= text.replace(/\s/g, "").length / 2;
    }
    case "choice":
      return /^\d{1,2}$/.test(text);
  }
}

/** `{{ answers.name }}` (or `{{ name }}`) in a bot's text, filled from the session's answers. */
export function fillTemplate(text: string, answers: Record<string, string>): string {
  return text.replace(/\{\{\s*(?:answers\.)?([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, name: string) =>
    Object.prototype.hasOwnProperty.call(answers, name) ? answers[name]! : "",
  );
}
