/**
 * One-off notices carried across a redirect as `?flash=<key>` and shown as a toast. Only these
 * known keys are shown, so a crafted URL cannot put its own words on the page.
 */
export const flashMessages = {
  "password-updated": { kind: "success", message: "Your password has been updated." },
  "signed-out": { kind: "info", message: "You've been signed out." },
  "email-confirmed": { kind: "success", message: "Your email address is confirmed. Welcome to Orgflow!" },
  "organization-created": { kind: "success", message: "Your organization is ready. Invite your team next." },
  "organization-updated": { kind: "success", message: "The organization's settings have been saved." },
  "organization-deleted": { kind: "success", message: "The organization has been deleted." },
  "organization-left": { kind: "info", message: "You've left the organization." },
  "invitation-accepted": { kind: "success", message: "Welcome aboard! You've joined the organization." },
  "invitation-declined": { kind: "info", message: "You've declined the invitation." },
  "contact-deleted": { kind: "success", message: "The contact has been deleted." },
  "recovery-code-used": {
    kind: "info",
    message:
      "You signed in with a recovery code, so two-factor authentication is now off. Set it up again on your profile.",
  },
  "recovery-code-signed-in": {
    kind: "info",
    message:
      "You signed in with a recovery code; it can't be used again. Two-factor authentication stays on: make new codes on your profile if few are left.",
  },
  "webhook-deleted": { kind: "success", message: "The webhook endpoint has been deleted." },
  "email-changed": { kind: "success", message: "Your email address has been changed." },
  "email-change-pending": {
    kind: "info",
    message:
      "One address confirmed. Open the link we sent to the other address to finish changing your email.",
  },
} as const satisfies Record<string, { kind: "success" | "info"; message: string }>;

export type FlashKey = keyof typeof flashMessages;

export function flashMessage(key: string | null | undefined) {
  return key && Object.hasOwn(flashMessages, key) ? flashMessages[key as FlashKey] : null;
}

/** `path` with `?flash=<key>` added (keeping any query it already has). */
export function withFlash(path: string, key: FlashKey): string {
  const [base, hash = ""] = path.split("#", 2) as [string, string?];
  const separator = base.includes("?") ? "&" : "?";
  return `${base}${separator}flash=${key}${hash ? `#${hash}` : ""}`;
}

/** `path` with its flash (if any) replaced by `key`. */
export function replaceFlash(path: string, key: FlashKey): string {
  const [base, hash = ""] = path.split("#", 2) as [string, string?];
  const [pathname, query = ""] = base.split("?", 2) as [string, string?];
  const params = new URLSearchParams(query);
  params.delete("flash");
  const rest = params.toString();
  return withFlash(`${pathname}${rest ? `?${rest}` : ""}${hash ? `#${hash}` : ""}`, key);
}
