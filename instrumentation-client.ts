import { z } from "zod";

// Runs in the browser before the app starts. zod compiles object parsers with `new Function` when
// it may, and finds out by trying `Function("")`: under the app's Content-Security-Policy (no eval,
// see proxy.ts) that probe is a blocked, reported violation. Parse without compiling instead.
z.config({ jitless: true });
