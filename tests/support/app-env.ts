import { inject } from "vitest";

// Integration tests call the app's own modules (route handlers, lib/*): point them at the
// tier's fresh test database, as the app's login role (no privileges of its own; it can only
// switch to anon, authenticated and service_role), before anything opens a pool.
process.env.DATABASE_URL = inject("appDatabaseUrl");
