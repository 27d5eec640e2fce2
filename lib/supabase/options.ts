import type { SupabaseClientOptions } from "@supabase/supabase-js";

/**
 * supabase-js builds a Realtime client eagerly, and on Node 20 there is no global WebSocket for
 * it (the constructor throws). Orgflow uses Supabase for auth only, never Realtime, so every
 * client gets a transport that refuses to be constructed instead of connecting.
 */
class RealtimeUnused {
  constructor() {
    throw new Error("Realtime is not used by Orgflow");
  }
}

type RealtimeTransport = NonNullable<NonNullable<SupabaseClientOptions<"public">["realtime"]>["transport"]>;

export const authOnlyRealtime = { transport: RealtimeUnused as unknown as RealtimeTransport };
