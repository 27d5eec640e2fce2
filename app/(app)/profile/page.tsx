import type { Metadata } from "next";
import { EmailChangeForm } from "@/components/profile/email-change-form";
import { ProfileForm } from "@/components/profile/profile-form";
import { PageHeader } from "@/components/ui/page-header";
import { getMyProfileCached } from "@/lib/auth/current-user";
import { requireClaims } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Profile" };

export default async function ProfilePage() {
  const claims = await requireClaims("/profile");
  const profile = await getMyProfileCached(claims);

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
      <EmailChangeForm currentEmail={profile.email ?? claims.email ?? ""} />
    </div>
  );
}
