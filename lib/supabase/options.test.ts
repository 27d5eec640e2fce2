import { createClient } from "@supabase/supabase-js";
import { describe, expect, it } from "vitest";
import { realtimeOptions, runtimeHasWebSocket } from "./options";

const major = Number(process.versions.node.split(".")[0]);

describe("the Supabase clients' Realtime options", () => {
  it("are Supabase's defaults on Node 22 and later, a refusing transport only on Node 20", () => {
    expect(runtimeHasWebSocket).toBe(major >= 22);
    if (major >= 22) expect(realtimeOptions).toEqual({});
    else expect(Object.keys(realtimeOptions.realtime ?? {})).toEqual(["transport"]);
  });

  it("build a client on this runtime, whose Realtime works where the runtime allows", () => {
    const client = createClient("http://127.0.0.1:1", "key", {
      auth: { persistSession: false, autoRefreshToken: false },
      ...realtimeOptions,
    });
    expect(client.auth).toBeDefined();
    // Opening the Realtime socket: the runtime's WebSocket on Node 22+, refused (not crashing the
    // client) on Node 20.
    try {
      if (runtimeHasWebSocket) {
        client.realtime.connect();
        expect(client.realtime.connectionState()).toBe("connecting");
      } else {
        expect(() => client.realtime.connect()).toThrow(/Node 22/);
      }
    } finally {
      void client.realtime.disconnect();
    }
  });
});
