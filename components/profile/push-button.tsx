"use client";

import * as React from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { callAction } from "@/components/workflows/call-action";
import { subscribePushAction, unsubscribePushAction } from "@/lib/notifications/profile-actions";

/**
 * Push in this browser: registers the service worker (/sw.js), asks the browser for a push
 * subscription with the install's VAPID public key and hands it to the server; or turns it off.
 */
export function PushButton({ publicKey, subscribed }: { publicKey: string | null; subscribed: number }) {
  const [state, setState] = React.useState<"unknown" | "on" | "off" | "unsupported">(() =>
    !publicKey ||
    (typeof window !== "undefined" && !("serviceWorker" in navigator && "PushManager" in window))
      ? "unsupported"
      : "unknown",
  );
  const [pending, setPending] = React.useState(false);

  React.useEffect(() => {
    if (!publicKey || !("serviceWorker" in navigator) || !("PushManager" in window)) return;
    void navigator.serviceWorker
      .getRegistration("/sw.js")
      .then((r) => r?.pushManager.getSubscription())
      .then((s) => setState(s ? "on" : "off"))
      .catch(() => setState("off"));
  }, [publicKey]);

  const subscribe = async () => {
    setPending(true);
    try {
      if ((await Notification.requestPermission()) !== "granted") {
        toast.error(
          "The browser did not allow notifications. Allow them in the site's settings, then try again.",
        );
        return;
      }
      const registration = await navigator.serviceWorker.register("/sw.js");
      await navigator.serviceWorker.ready;
      const subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: urlBase64ToBytes(publicKey!),
      });
      const json = subscription.toJSON();
      const result = await callAction(subscribePushAction, {
        endpoint: json.endpoint ?? "",
        p256dh: json.keys?.p256dh ?? "",
        auth: json.keys?.auth ?? "",
      });
      if (result.ok) {
        setState("on");
        toast.success(result.message ?? "Push is on.");
      } else toast.error(result.error.message);
    } catch (e) {
      toast.error(`Push could not be turned on: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setPending(false);
    }
  };

  const unsubscribe = async () => {
    setPending(true);
    const registration = await navigator.serviceWorker.getRegistration("/sw.js");
    const subscription = await registration?.pushManager.getSubscription();
    await subscription?.unsubscribe();
    const result = await callAction(
      unsubscribePushAction,
      subscription ? { endpoint: subscription.endpoint } : {},
    );
    setPending(false);
    if (result.ok) setState("off");
    else toast.error(result.error.message);
  };

  return (
    <div className="flex flex-wrap items-center gap-3">
      <span className="text-sm font-medium">Push notifications in this browser</span>
      {state === "unsupported" ? (
        <span className="text-xs text-muted-foreground">
          {publicKey
            ? "This browser cannot receive push notifications."
            : "Push is not set up on this installation."}
        </span>
      ) : state === "unknown" ? (
        // Not a disabled button that turns on a moment later: its opacity would still be fading
        // in while the page is read (a contrast failure, and a control that ignores clicks).
        <span className="text-xs text-muted-foreground">Checking this browser…</span>
      ) : state === "on" ? (
        <Button variant="outline" disabled={pending} onClick={() => void unsubscribe()}>
          Turn off push
        </Button>
      ) : (
        <Button disabled={pending} onClick={() => void subscribe()}>
          Turn on push
        </Button>
      )}
      {subscribed > 0 ? (
        <span className="text-xs text-muted-foreground">
          {subscribed} browser{subscribed === 1 ? "" : "s"} subscribed
        </span>
      ) : null}
    </div>
  );
}

function urlBase64ToBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url
    .replace(/-/g, "+")
    .replace(/_/g, "/")
    .padEnd(Math.ceil(base64url.length / 4) * 4, "=");
  const raw = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}
