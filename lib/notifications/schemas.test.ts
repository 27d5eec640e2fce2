import { describe, expect, it } from "vitest";
import { discordBody, slackBody, slackEscape } from "./channels/chat";
import { httpOutcome } from "./channels/outcome";
import { smsText } from "./channels/sms";
import { pushFormSchema } from "./profile-schemas";
import { preferenceInputSchema, targetInputSchema } from "./schemas";

const message = {
  kind: "workflow",
  title: "Hi <@everyone> & co",
  message: "x".repeat(600),
  priority: "medium" as const,
  url: "https://app.example.test/o/acme/runs/1",
  organizationName: "Acme",
};

describe("notification input", () => {
  it("allows a digest on email only", () => {
    expect(
      preferenceInputSchema.safeParse({ kind: "run_failed", channel: "email", mode: "digest" }).success,
    ).toBe(true);
    expect(
      preferenceInputSchema.safeParse({ kind: "run_failed", channel: "slack", mode: "digest" }).success,
    ).toBe(false);
    expect(
      preferenceInputSchema.safeParse({ kind: "Run-Failed!", channel: "email", mode: "on" }).success,
    ).toBe(false);
  });

  it("takes webhook URLs over http(s) without credentials, and E.164 numbers", () => {
    const ok = (v: unknown) => targetInputSchema.safeParse(v).success;
    expect(ok({ channel: "slack", value: "https://hooks.slack.com/services/T/B/x" })).toBe(true);
    expect(ok({ channel: "slack", value: "javascript:alert(1)" })).toBe(false);
    expect(ok({ channel: "discord", value: "https://user:pw@discord.com/api/webhooks/1/x" })).toBe(false);
    expect(ok({ channel: "discord", value: `https://discord.com/${"a".repeat(2100)}` })).toBe(false);
    const phone = targetInputSchema.parse({ channel: "sms", value: "+1 (415) 555-0123" });
    expect(phone.value).toBe("+14155550123");
    expect(ok({ channel: "sms", value: "0415 555 0123" })).toBe(false);
  });

  it("takes a browser's push subscription only over https with well-formed keys", () => {
    const keys = { p256dh: "B".repeat(87), auth: "a".repeat(22) };
    expect(pushFormSchema.safeParse({ endpoint: "https://push.example.test/x", ...keys }).success).toBe(true);
    expect(pushFormSchema.safeParse({ endpoint: "http://push.example.test/x", ...keys }).success).toBe(false);
    expect(
      pushFormSchema.safeParse({ endpoint: "https://push.example.test/x", ...keys, auth: "!!" }).success,
    ).toBe(false);
  });
});

describe("channel messages", () => {
  it("escapes Slack's control characters and never pings everyone on Discord", () => {
    expect(slackEscape("<a> & b")).toBe("&lt;a&gt; &amp; b");
    expect(JSON.parse(slackBody(message)).text).toContain("*Hi &lt;@everyone&gt; &amp; co*");
    const discord = JSON.parse(discordBody(message)) as { content: string; allowed_mentions: unknown };
    expect(discord.allowed_mentions).toEqual({ parse: [] });
    expect(discord.content.length).toBeLessThanOrEqual(2000);
  });

  it("keeps an SMS short with its link whole", () => {
    const text = smsText(message);
    expect(text.length).toBeLessThanOrEqual(321);
    expect(text.endsWith(message.url)).toBe(true);
  });

  it("retries only answers that can get better", () => {
    expect(httpOutcome(204, "Discord", true)).toEqual({ ok: true, delivered: true });
    expect(httpOutcome(429, "Slack", true)).toMatchObject({ ok: false, permanent: false });
    expect(httpOutcome(503, "Slack", true)).toMatchObject({ ok: false, permanent: false });
    expect(httpOutcome(404, "Slack", true)).toMatchObject({ ok: false, permanent: true });
  });
});
