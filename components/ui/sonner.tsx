"use client";

import { useTheme } from "next-themes";
import { Toaster as Sonner } from "sonner";

/** The app's toast outlet, following the current theme. Call `toast()` from `sonner` anywhere. */
export function Toaster() {
  const { resolvedTheme } = useTheme();
  return (
    <Sonner
      theme={resolvedTheme === "dark" ? "dark" : "light"}
      position="top-center"
      closeButton
      richColors
      toastOptions={{ className: "font-sans" }}
    />
  );
}
