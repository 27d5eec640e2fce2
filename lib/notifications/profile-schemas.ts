import { z } from "zod";
import { pushSubscriptionInputSchema, TARGET_CHANNELS } from "./schemas";

/** Form schemas of the profile's notification actions (flat fields, as forms send them). */

export const targetChannelSchema = z.object({ channel: z.enum(TARGET_CHANNELS) });

export const pushFormSchema = z
  .object({ endpoint: z.string(), p256dh: z.string(), auth: z.string() })
  .transform((f) => ({ endpoint: f.endpoint, keys: { p256dh: f.p256dh, auth: f.auth } }))
  .pipe(pushSubscriptionInputSchema);

export const pushRemoveSchema = z.object({ endpoint: z.string().max(1000).optional() });
