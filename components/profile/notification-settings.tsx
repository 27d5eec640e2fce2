"use client";

import * as React from "react";
import { toast } from "sonner";
import { ProfileSection } from "@/components/profile/profile-section";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import { callAction } from "@/components/workflows/call-action";
import {
  removeNotificationTargetAction,
  saveNotificationTargetAction,
  setNotificationPreferenceAction,
} from "@/lib/notifications/profile-actions";
import type { NotificationSettings as Settings } from "@/lib/notifications/queries";
import { CHANNELS, CHANNEL_LABELS, type Channel } from "@/lib/notifications/schemas";
import { PushButton } from "./push-button";

const TARGETS = [
  { channel: "slack", label: "Slack incoming webhook", placeholder: "https://hooks.slack.com/services/…" },
  { channel: "discord", label: "Discord webhook", placeholder: "https://discord.com/api/webhooks/…" },
  { channel: "sms", label: "Mobile number for SMS", placeholder: "+14155550123" },
] as const;

/** Profile → Notifications: what each kind sends on each channel, and where the person is reached. */
export function NotificationSettings({ settings }: { settings: Settings }) {
  const [modes, setModes] = React.useState(settings.modes);
  const reachable: Record<Channel, boolean> = {
    in_app: true,
    email: true,
    push: settings.pushSubscriptions > 0,
    sms: settings.smsAvailable && settings.targets.some((t) => t.channel === "sms"),
    slack: settings.targets.some((t) => t.channel === "slack"),
    discord: settings.targets.some((t) => t.channel === "discord"),
  };

  const change = async (kind: string, channel: Channel, mode: string) => {
    const before = modes;
    setModes({ ...modes, [kind]: { ...modes[kind]!, [channel]: mode as "on" } });
    const result = await callAction(setNotificationPreferenceAction, { kind, channel, mode });
    if (!result.ok) {
      setModes(before);
      toast.error(result.error.message);
    }
  };

  return (
    <ProfileSection
      id="notifications"
      title="Notifications"
      description="What Orgflow tells you, and where. A channel you have not set up below sends nothing."
    >
      <Card>
        <CardContent className="flex flex-col gap-6">
          <div className="overflow-x-auto">
            <table className="w-full text-sm" aria-label="Notification preferences">
              <thead>
                <tr className="text-left text-xs text-muted-foreground">
                  <th className="py-2 pr-3 font-medium">Notification</th>
                  {CHANNELS.map((c) => (
                    <th key={c} className="px-2 py-2 font-medium">
                      {CHANNEL_LABELS[c]}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y">
                {settings.kinds.map((k) => (
                  <tr key={k.kind}>
                    <td className="py-2 pr-3">
                      <div className="font-medium">{k.label}</div>
                      <div className="text-xs text-muted-foreground">{k.description}</div>
                    </td>
                    {CHANNELS.map((c) => (
                      <td key={c} className="px-2 py-2">
                        <NativeSelect
                          aria-label={`${k.label}: ${CHANNEL_LABELS[c]}`}
                          value={modes[k.kind]?.[c] ?? "off"}
                          disabled={!reachable[c]}
                          title={reachable[c] ? undefined : "Set this channel up below first."}
                          onChange={(e) => void change(k.kind, c, e.target.value)}
                        >
                          <option value="on">{c === "email" ? "At once" : "On"}</option>
                          {c === "email" ? <option value="digest">Daily digest</option> : null}
                          <option value="off">Off</option>
                        </NativeSelect>
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <PushButton publicKey={settings.pushPublicKey} subscribed={settings.pushSubscriptions} />
          {TARGETS.filter((t) => t.channel !== "sms" || settings.smsAvailable).map((t) => (
            <TargetForm
              key={t.channel}
              {...t}
              hint={settings.targets.find((x) => x.channel === t.channel)?.hint}
            />
          ))}
          {settings.smsAvailable ? null : (
            <p className="text-xs text-muted-foreground">SMS is not set up on this installation.</p>
          )}
        </CardContent>
      </Card>
    </ProfileSection>
  );
}

function TargetForm(props: {
  channel: "slack" | "discord" | "sms";
  label: string;
  placeholder: string;
  hint?: string;
}) {
  const [value, setValue] = React.useState("");
  const [pending, setPending] = React.useState(false);
  const run = async (remove: boolean) => {
    setPending(true);
    const result = remove
      ? await callAction(removeNotificationTargetAction, { channel: props.channel })
      : await callAction(saveNotificationTargetAction, { channel: props.channel, value });
    setPending(false);
    if (result.ok) {
      setValue("");
      toast.success(result.message ?? "Saved.");
    } else toast.error(result.error.fields?.value?.[0] ?? result.error.message);
  };
  const id = `target-${props.channel}`;
  return (
    <form
      className="flex flex-col gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        void run(false);
      }}
    >
      <label htmlFor={id} className="text-sm font-medium">
        {props.label}
        {props.hint ? <span className="ml-2 text-xs text-muted-foreground">Now: {props.hint}</span> : null}
      </label>
      <div className="flex flex-wrap gap-2">
        <Input
          id={id}
          className="min-w-64 flex-1"
          value={value}
          placeholder={props.placeholder}
          onChange={(e) => setValue(e.target.value)}
          autoComplete="off"
        />
        <Button type="submit" disabled={pending || !value.trim()}>
          {props.hint ? "Replace" : "Save"}
        </Button>
        {props.hint ? (
          <Button type="button" variant="outline" disabled={pending} onClick={() => void run(true)}>
            Remove
          </Button>
        ) : null}
      </div>
    </form>
  );
}
