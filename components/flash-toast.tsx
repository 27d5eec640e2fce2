"use client";

import * as React from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { toast } from "sonner";
import { flashMessage } from "@/lib/flash";

/** Shows a `?flash=<key>` notice as a toast, then removes the parameter from the address bar. */
export function FlashToast() {
  const params = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const key = params.get("flash");

  React.useEffect(() => {
    if (!key) return;
    const flash = flashMessage(key);
    // The id makes a repeated effect (Strict Mode) show one toast, not two.
    if (flash) toast[flash.kind](flash.message, { id: `flash-${key}` });
    const rest = new URLSearchParams(params.toString());
    rest.delete("flash");
    const query = rest.toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  }, [key, params, pathname, router]);

  return null;
}
