import { AppHeader } from "@/components/app-shell/app-header";
import { getCurrentUser } from "@/lib/auth/current-user";

/** Everything under (app) needs a signed-in user (proxy.ts redirects earlier; this is the check). */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  // The profile and the switcher's organizations, in one read (empty if it fails: the page reports).
  const user = await getCurrentUser();
  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-background px-3 py-2 text-sm font-medium shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:ring-[3px] focus:ring-ring/50"
      >
        Skip to content
      </a>
      <AppHeader
        user={{ email: user.email, displayName: user.displayName, avatarUrl: user.avatarUrl }}
        organizations={user.organizations.map(({ name, slug, role }) => ({ name, slug, role }))}
      />
      <main
        id="main"
        tabIndex={-1}
        className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 outline-none sm:px-6 sm:py-10"
      >
        {children}
      </main>
    </div>
  );
}
