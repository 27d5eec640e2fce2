import type { Metadata } from "next";
import { NotificationSettings } from "@/components/profile/notification-settings";
import { EmailChangeForm } from "@/components/profile/email-change-form";
import { PasswordChangeForm } from "@/components/profile/password-change-form";
import { ProfileForm } from "@/components/profile/profile-form";
import { SessionsList } from "@/components/profile/sessions-list";
import { TwoFactorSettings } from "@/components/profile/two-factor-settings";
import { PageHeader } from "@/components/ui/page-header";
import { getMyProfileCached } from "@/lib/auth/current-user";
import { requireClaims } from "@/lib/auth/session";
import { readSecurityOverview } from "@/lib/security/queries";
import { readNotificationSettings } from "@/lib/notifications/queries";
import { readAsUser } from "@/lib/organizations/page";

export const metadata: Metadata = { title: "Profile" };

export default async function ProfilePage() {
  const claims = await requireClaims("/profile");
  const [profile, security, notifications] = await Promise.all([
    getMyProfileCached(claims),
    readSecurityOverview(claims),
    readAsUser(claims)((tx) => readNotificationSettings(tx, claims.sub)),
  ]);

  return (
    <div className="flex flex-col gap-8">
      <PageHeader title="Profile" description="Your name, picture and details, as your teammates see them." />
      <ProfileForm
        profile={{
          email: profile.email ?? claims.email ?? "",
          display_name: profile.display_name ?? "",
          avatar_url: profile.avatar_url ?? "",
          bio: profile.bio ?? "",
          timezone: profile.timezone,
          website: profile.website ?? "",
          location: profile.location ?? "",
        }}
      />
      <NotificationSettings settings={notifications} />
      <EmailChangeForm currentEmail={profile.email ?? claims.email ?? ""} />
      <PasswordChangeForm />
      <TwoFactorSettings factorId={security.factor_id} recoveryCodesLeft={security.recovery_codes_left} />
      <SessionsList sessions={security.sessions} />
    </div>
  );
}
