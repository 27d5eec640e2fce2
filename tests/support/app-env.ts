import { inject } from "vitest";

// Integration tests call the app's own modules (route handlers, lib/*): point them at the
// tier's fresh test database before anything opens a pool.
process.env.DATABASE_URL = inject("databaseUrl");
