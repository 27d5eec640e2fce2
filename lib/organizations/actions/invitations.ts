"use server";

import { redirect } from "next/navigation";
import { defineAction } from "@/lib/actions/action";
import { withUser } from "@/lib/db/client";
import { withFlash } from "@/lib/flash";
import { createSupabaseServerClient } from "@/lib/supabase/server";
import { acceptInvitation, declineInvitation, lookupInvitation } from "../invitations";
import { invitationAuthPath } from "../invitation-links";
import { invitationTokenSchema } from "./schemas";
import { revalidateShell } from "@/lib/http/revalidate";

export const acceptInvitationAction = defineAction({
  schema: invitationTokenSchema,
  auth: "user",
  async handler({ input, claims }) {
    const { slug } = await withUser(claims, (tx) => acceptInvitation(tx, input.token));
    revalidateShell();
    redirect(withFlash(`/o/${slug}`, "invitation-accepted"));
  },
});

export const declineInvitationAction = defineAction({
  schema: invitationTokenSchema,
  auth: "user",
  async handler({ input, claims }) {
    await withUser(claims, (tx) => declineInvitation(tx, input.token));
    redirect(withFlash("/dashboard", "invitation-declined"));
  },
});

/** Signed in as someone else: sign out, then sign in as the invited address and come back. */
export const switchAccountForInvitationAction = defineAction({
  schema: invitationTokenSchema,
  auth: "public",
  async handler({ input }) {
    const invitation = await lookupInvitation(null, input.token);
    const supabase = await createSupabaseServerClient();
    const { error } = await supabase.auth.signOut({ scope: "local" });
    if (error) console.warn("[invitations] sign-out:", error.code ?? error.name);
    redirect(invitationAuthPath("/sign-in", input.token, invitation?.email));
  },
});
