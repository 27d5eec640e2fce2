import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { smsConfigured } from "./channels/sms";
import { vapidKeys } from "./channels/push";
import {
  notificationKindSchema,
  preferenceModeSchema,
  channelSchema,
  type Channel,
  type PreferenceMode,
} from "./schemas";

/** What the profile's Notifications section shows: kinds, the person's choices, where they are reached. */
export type NotificationSettings = {
  kinds: z.infer<typeof notificationKindSchema>[];
  /** kind → channel → the mode in force (the person's choice, else the kind's default). */
  modes: Record<string, Record<Channel, PreferenceMode>>;
  targets: { channel: "slack" | "discord" | "sms"; hint: string }[];
  pushSubscriptions: number;
  smsAvailable: boolean;
  pushPublicKey: string | null;
};

const prefSchema = z.object({ kind: z.string(), channel: channelSchema, mode: preferenceModeSchema });
const targetSchema = z.object({ channel: z.enum(["slack", "discord", "sms"]), hint: z.string() });

export async function readNotificationSettings(tx: Tx, userId: string): Promise<NotificationSettings> {
  const [kindRows, prefRows, targetRows, [subs]] = await Promise.all([
    tx`select kind, label, description, default_in_app, default_email, default_push, default_sms, default_chat
       from public.notification_kinds order by position, kind`,
    tx`select kind, channel, mode from public.notification_preferences where user_id = ${userId}`,
    tx`select channel, hint from public.notification_targets where user_id = ${userId} order by channel`,
    tx`select count(*)::int as n from public.push_subscriptions where user_id = ${userId}`,
  ]);
  const kinds = z.array(notificationKindSchema).parse(kindRows);
  const prefs = z.array(prefSchema).parse(prefRows);
  const modes: NotificationSettings["modes"] = {};
  for (const k of kinds) {
    const chat: PreferenceMode = k.default_chat ? "on" : "off";
    modes[k.kind] = {
      in_app: k.default_in_app ? "on" : "off",
      email: k.default_email === "immediate" ? "on" : k.default_email,
      push: k.default_push ? "on" : "off",
      sms: k.default_sms ? "on" : "off",
      slack: chat,
      discord: chat,
    };
  }
  for (const p of prefs) if (modes[p.kind]) modes[p.kind]![p.channel] = p.mode;
  return {
    kinds,
    modes,
    targets: z.array(targetSchema).parse(targetRows),
    pushSubscriptions: z.object({ n: z.number() }).parse(subs).n,
    smsAvailable: smsConfigured(),
    pushPublicKey: vapidKeys()?.publicKey ?? null,
  };
}
