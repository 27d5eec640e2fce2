/** What one attempt on one channel came to. */
export type ChannelOutcome =
  { ok: true; delivered: boolean } | { ok: false; permanent: boolean; error: string };

/** The message as every channel renders it. */
export type NotificationMessage = {
  kind: string;
  title: string;
  message: string;
  priority: "low" | "medium" | "high" | "urgent";
  /** Absolute URL of the page it is about, if any. */
  url: string | null;
  organizationName: string;
};

export const failed = (error: string, permanent = false): ChannelOutcome => ({
  ok: false,
  permanent,
  error: error.slice(0, 1000),
});

/** HTTP answers: 2xx done, 408/425/429/5xx again later, any other 4xx will not get better. */
export function httpOutcome(status: number, what: string, delivered: boolean): ChannelOutcome {
  if (status >= 200 && status < 300) return { ok: true, delivered };
  const retryable = status === 408 || status === 425 || status === 429 || status >= 500;
  return failed(`${what} answered ${status}.`, !retryable);
}
