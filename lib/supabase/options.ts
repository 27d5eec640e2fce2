import type { SupabaseClientOptions } from "@supabase/supabase-js";

/**
 * supabase-js builds its Realtime client eagerly, on the runtime's own WebSocket. Node 22 and 24
 * (and browsers) have one: there every client is the default one, as Supabase documents it. Node 20
 * has none and the constructor throws; there (and only there) clients get a transport that refuses
 * to be constructed instead. Orgflow's live views do not use Supabase Realtime (README, "Live
 * updates"), so nothing on Node 20 misses it.
 */
class RealtimeUnavailable {
  constructor() {
    throw new Error("Supabase Realtime needs a runtime with WebSocket (Node 22 or later)");
  }
}

type RealtimeOptions = NonNullable<SupabaseClientOptions<"public">["realtime"]>;

export const runtimeHasWebSocket = typeof globalThis.WebSocket === "function";

/** Spread into a client's options: `{}` where the default Realtime client works. */
export const realtimeOptions: { realtime?: RealtimeOptions } = runtimeHasWebSocket
  ? {}
  : { realtime: { transport: RealtimeUnavailable as unknown as NonNullable<RealtimeOptions["transport"]> } };
