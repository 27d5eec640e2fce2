import type { Metadata } from "next";
import { NotFoundMessage } from "@/components/app-shell/not-found-message";

export const metadata: Metadata = { title: "Page not found" };

/** Inside the signed-in layout, which already has the header and `main`: one header, not two. */
export default function AppNotFound() {
  return (
    <div className="flex justify-center py-16">
      <NotFoundMessage />
    </div>
  );
}
