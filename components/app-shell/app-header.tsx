import { Logo } from "@/components/brand/logo";
import { NotificationsBell } from "@/components/app-shell/notifications-bell";
import { UserMenu, type UserMenuProps } from "@/components/app-shell/user-menu";
import { OrgSwitcher, type SwitcherOrganization } from "@/components/organizations/org-switcher";

/**
 * The signed-in app's top bar: the name, the organization switcher, the notifications bell (inside
 * an organization) and the user menu (profile, theme, sign out). Each organization's own sections are in its sidebar (app/(app)/o/[slug]).
 */
export function AppHeader({
  user,
  organizations,
}: {
  user: UserMenuProps;
  organizations: SwitcherOrganization[];
}) {
  return (
    <header className="sticky top-0 z-40 border-b bg-background/85 backdrop-blur supports-[backdrop-filter]:bg-background/70">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-1 px-4 sm:gap-2 sm:px-6">
        <Logo
          href="/dashboard"
          className="shrink-0 [&>span:last-child]:hidden sm:[&>span:last-child]:inline"
        />
        <span className="text-lg text-muted-foreground/50 select-none" aria-hidden="true">
          /
        </span>
        <OrgSwitcher organizations={organizations} />
        <div className="ml-auto flex items-center gap-1 sm:gap-2">
          <NotificationsBell />
          <UserMenu {...user} />
        </div>
      </div>
    </header>
  );
}
