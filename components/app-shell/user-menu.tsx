"use client";

import * as React from "react";
import Link from "next/link";
import { LogOut, UserRound } from "lucide-react";
import { ThemeRadioItems } from "@/components/theme/theme-toggle";
import { UserAvatar } from "@/components/ui/avatar";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { signOutAction } from "@/lib/auth/actions";

export type UserMenuProps = { email: string; displayName: string; avatarUrl: string | null };

/** The avatar button at the end of the top bar: who is signed in, profile, theme, sign out. */
export function UserMenu({ email, displayName, avatarUrl }: UserMenuProps) {
  // The sign-out form lives outside the menu: the menu closes (and unmounts) on select, which
  // would cancel a submit from a form inside it.
  const signOutForm = React.useRef<HTMLFormElement>(null);
  const [signingOut, setSigningOut] = React.useState(false);

  return (
    <>
      <form
        ref={signOutForm}
        action={signOutAction}
        className="hidden"
        onSubmit={() => setSigningOut(true)}
      />
      <DropdownMenu>
        <DropdownMenuTrigger
          className="rounded-full outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
          aria-label={`Account menu for ${displayName}`}
        >
          <UserAvatar name={displayName || email} src={avatarUrl} />
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="w-64">
          <div className="flex items-center gap-3 px-2 py-2">
            <UserAvatar name={displayName || email} src={avatarUrl} className="size-9" />
            <div className="flex min-w-0 flex-col">
              <span className="truncate text-sm font-medium">{displayName}</span>
              <span className="truncate text-xs text-muted-foreground">{email}</span>
            </div>
          </div>
          <DropdownMenuSeparator />
          <DropdownMenuItem asChild>
            <Link href="/profile">
              <UserRound aria-hidden="true" />
              Profile
            </Link>
          </DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuLabel>Theme</DropdownMenuLabel>
          <ThemeRadioItems />
          <DropdownMenuSeparator />
          <DropdownMenuItem
            variant="destructive"
            disabled={signingOut}
            onSelect={() => signOutForm.current?.requestSubmit()}
          >
            <LogOut aria-hidden="true" />
            {signingOut ? "Signing out…" : "Sign out"}
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
    </>
  );
}
