import { failed, httpOutcome, type ChannelOutcome, type NotificationMessage } from "./outcome";

/**
 * SMS through a provider with Twilio's Messages API (POST /2010-04-01/Accounts/{sid}/Messages.json,
 * form-encoded To/From/Body, HTTP Basic with the account SID and auth token). Another provider with
 * this shape works by pointing TWILIO_API_URL at it; tests point it at a local server. Unconfigured,
 * SMS is off on the install (the profile says so) and a delivery fails at once.
 */

export type SmsProvider = { send(to: string, body: string): Promise<ChannelOutcome> };

export function smsConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(
    env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && (env.TWILIO_FROM || env.TWILIO_MESSAGING_SERVICE_SID),
  );
}

export function twilioProvider(env: NodeJS.ProcessEnv = process.env): SmsProvider | null {
  if (!smsConfigured(env)) return null;
  const sid = env.TWILIO_ACCOUNT_SID!;
  const base = (env.TWILIO_API_URL || "https://api.twilio.com").replace(/\/+$/, "");
  const auth = Buffer.from(`${sid}:${env.TWILIO_AUTH_TOKEN}`).toString("base64");
  return {
    async send(to, body) {
      const form = new URLSearchParams({ To: to, Body: body });
      if (env.TWILIO_MESSAGING_SERVICE_SID) form.set("MessagingServiceSid", env.TWILIO_MESSAGING_SERVICE_SID);
      else form.set("From", env.TWILIO_FROM!);
      try {
        const response = await fetch(`${base}/2010-04-01/Accounts/${encodeURIComponent(sid)}/Messages.json`, {
          method: "POST",
          headers: { authorization: `Basic ${auth}`, "content-type": "application/x-www-form-urlencoded" },
          body: form,
          redirect: "error",
          signal: AbortSignal.timeout(10_000),
        });
        const text = (await response.text()).slice(0, 2000);
        const outcome = httpOutcome(response.status, "The SMS provider", false);
        if (outcome.ok) return outcome;
        const detail = /"message"\s*:\s*"([^"]{1,300})"/.exec(text)?.[1];
        return detail ? failed(`${outcome.error} ${detail}`, outcome.permanent) : outcome;
      } catch (e) {
        return failed(`The SMS provider could not be reached: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
  };
}

/** One SMS: short, the title first, the link last. */
export function smsText(m: NotificationMessage): string {
  const head = `Orgflow: ${m.title}`;
  const body = m.message ? ` — ${m.message}` : "";
  const link = m.url ? ` ${m.url}` : "";
  const room = 320 - head.length - link.length;
  return `${head}${room > 0 ? body.slice(0, room) : ""}${link}`;
}

export async function sendSms(
  to: string,
  m: NotificationMessage,
  provider = twilioProvider(),
): Promise<ChannelOutcome> {
  if (!provider) return failed("SMS is not configured on this installation (TWILIO_ACCOUNT_SID …).", true);
  return provider.send(to, smsText(m));
}
