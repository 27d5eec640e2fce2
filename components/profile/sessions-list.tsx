import { SignOutOthersButton } from "@/components/profile/sign-out-others-button";
import { ProfileSection } from "@/components/profile/profile-section";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import type { SessionRow } from "@/lib/security/schemas";
import { deviceName } from "@/lib/security/user-agent";

/** Where this account is signed in, with "sign out other devices". */
export function SessionsList({ sessions }: { sessions: SessionRow[] }) {
  const others = sessions.filter((s) => !s.is_current).length;
  return (
    <ProfileSection
      id="sessions"
      title="Where you're signed in"
      description="Each browser or device signed in to your account. Sign out the others if you don't recognise one, or after using a shared computer."
    >
      <Card>
        <CardContent className="flex flex-col gap-4">
          <ul className="flex flex-col divide-y" aria-label="Signed-in devices">
            {sessions.map((s) => (
              <li
                key={s.id}
                className="flex flex-col gap-1 py-3 first:pt-0 last:pb-0"
                data-testid="session-row"
              >
                <span className="flex flex-wrap items-center gap-2 text-sm font-medium">
                  {deviceName(s.user_agent)}
                  {s.is_current ? <Badge variant="success">This device</Badge> : null}
                  {s.aal === "aal2" ? <Badge variant="secondary">Two-factor</Badge> : null}
                </span>
                <span className="text-xs text-muted-foreground">
                  {s.last_active_at ? (
                    <>
                      Last active <RelativeTime date={s.last_active_at} />
                    </>
                  ) : (
                    "Activity unknown"
                  )}
                  {s.ip ? ` · ${s.ip}` : ""}
                </span>
              </li>
            ))}
          </ul>
          <div className="flex flex-wrap items-center justify-between gap-3 border-t pt-4">
            <p className="text-sm text-muted-foreground">
              {others === 0
                ? "You're signed in on this device only."
                : others === 1
                  ? "1 other device is signed in."
                  : `${others} other devices are signed in.`}
            </p>
            <SignOutOthersButton disabled={others === 0} />
          </div>
        </CardContent>
      </Card>
    </ProfileSection>
  );
}
