import { z } from "zod";

/** What the notification forms accept and what the notification reads return. No server code. */

export const CHANNELS = ["in_app", "email", "push", "sms", "slack", "discord"] as const;
export type Channel = (typeof CHANNELS)[number];
export const channelSchema = z.enum(CHANNELS);

/** Channels a person sets up themselves (a webhook URL or a phone number). */
export const TARGET_CHANNELS = ["slack", "discord", "sms"] as const;
export type TargetChannel = (typeof TARGET_CHANNELS)[number];

export const CHANNEL_LABELS: Record<Channel, string> = {
  in_app: "In the app",
  email: "Email",
  push: "Push",
  sms: "SMS",
  slack: "Slack",
  discord: "Discord",
};

export const PRIORITIES = ["low", "medium", "high", "urgent"] as const;
export type Priority = (typeof PRIORITIES)[number];

export const notificationKindSchema = z.object({
  kind: z.string(),
  label: z.string(),
  description: z.string(),
  default_in_app: z.boolean(),
  default_email: z.enum(["off", "immediate", "digest"]),
  default_push: z.boolean(),
  default_sms: z.boolean(),
  default_chat: z.boolean(),
});
export type NotificationKind = z.infer<typeof notificationKindSchema>;

export const preferenceModeSchema = z.enum(["off", "on", "digest"]);
export type PreferenceMode = z.infer<typeof preferenceModeSchema>;

const kindName = z.string().regex(/^[a-z_]{1,50}$/, "That kind of notification does not exist.");

/** One cell of the preferences grid: a kind on a channel, on, off or (email only) a daily digest. */
export const preferenceInputSchema = z
  .object({ kind: kindName, channel: channelSchema, mode: preferenceModeSchema })
  .refine((p) => p.mode !== "digest" || p.channel === "email", {
    message: "Only email can be collected into a daily digest.",
    path: ["mode"],
  });
export type PreferenceInput = z.infer<typeof preferenceInputSchema>;

/** A URL as a chat service hands it out: http(s), no credentials in it, a sane length. */
export const webhookUrlSchema = z
  .string()
  .trim()
  .min(1, "Paste the webhook URL.")
  .max(2000, "That URL is too long.")
  .pipe(
    z.url({ protocol: /^https?$/, error: "Enter a URL that starts with https://." }).refine((u) => {
      const url = new URL(u);
      return !url.username && !url.password;
    }, "A webhook URL must not carry a user name or password."),
  );

/** E.164: a plus, the country code and the number, 8 to 15 digits in all. */
export const phoneSchema = z
  .string()
  .transform((v) => v.replace(/[\s().-]/g, ""))
  .pipe(
    z.string().regex(/^\+[1-9][0-9]{7,14}$/, "Enter the number with its country code, e.g. +14155550123."),
  );

export const targetInputSchema = z.discriminatedUnion("channel", [
  z.object({ channel: z.literal("slack"), value: webhookUrlSchema }),
  z.object({ channel: z.literal("discord"), value: webhookUrlSchema }),
  z.object({ channel: z.literal("sms"), value: phoneSchema }),
]);
export type TargetInput = z.infer<typeof targetInputSchema>;

const base64url = (min: number, max: number, what: string) =>
  z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${min},${max}}$`), `The browser sent an unreadable ${what}.`);

/** A browser's PushSubscription.toJSON(), as the subscribe button posts it. */
export const pushSubscriptionInputSchema = z.object({
  endpoint: z
    .string()
    .max(1000, "That push endpoint is too long.")
    .pipe(z.url({ protocol: /^https$/, error: "A push endpoint must be an https URL." })),
  keys: z.object({ p256dh: base64url(80, 100, "push key"), auth: base64url(16, 32, "push secret") }),
});
export type PushSubscriptionInput = z.infer<typeof pushSubscriptionInputSchema>;

export const deliveryRowSchema = z.object({
  id: z.uuid(),
  channel: channelSchema,
  status: z.enum(["pending", "sending", "retrying", "digest", "sent", "delivered", "failed"]),
  attempts: z.number().int(),
  sent_at: z.date().nullable(),
  delivered_at: z.date().nullable(),
  last_error: z.string().nullable(),
});
export type DeliveryRow = z.infer<typeof deliveryRowSchema>;
