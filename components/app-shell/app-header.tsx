import { Logo } from "@/components/brand/logo";
import { DesktopNav, MobileNav } from "@/components/app-shell/main-nav";
import { UserMenu, type UserMenuProps } from "@/components/app-shell/user-menu";

/** The signed-in app's top bar: name, navigation, and the user menu. */
export function AppHeader({ user }: { user: UserMenuProps }) {
  return (
    <header className="sticky top-0 z-40 border-b bg-background/85 backdrop-blur supports-[backdrop-filter]:bg-background/70">
      <div className="relative mx-auto flex h-14 max-w-6xl items-center gap-2 px-4 sm:px-6">
        <MobileNav />
        <Logo href="/dashboard" className="mr-4" />
        <DesktopNav />
        <div className="ml-auto flex items-center">
          <UserMenu {...user} />
        </div>
      </div>
    </header>
  );
}
