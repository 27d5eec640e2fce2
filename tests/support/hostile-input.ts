import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";

/**
 * Hostile input for the fuzz suite (tests/int/hostile-input.int.test.ts): where the entry points
 * are (found on disk, so a new route or action is covered without editing the suite) and what to
 * throw at them. Generation is seeded: a failure names its case and reproduces.
 */

export const FUZZ_SEED = 20261207;
const root = path.resolve(import.meta.dirname, "../..");

/** Every route handler file under app/, with its URL pattern (`/o/[slug]/inbox/feed`). */
export function routeFiles(): { file: string; pattern: string; params: string[] }[] {
  const found: { file: string; pattern: string; params: string[] }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/^route\.(ts|tsx)$/.test(entry.name)) {
        const rel = path.relative(path.join(root, "app"), dir).split(path.sep);
        const segments = rel.filter((s) => s && !/^\(.*\)$/.test(s)); // route groups are not in the URL
        found.push({
          file: full,
          pattern: `/${segments.join("/")}`,
          params: segments.filter((s) => /^\[.+\]$/.test(s)).map((s) => s.slice(1, -1)),
        });
      }
    }
  };
  walk(path.join(root, "app"));
  return found.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/** Every module of server actions under lib/ (a file that starts with "use server"). */
export function actionModules(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
        const head = readFileSync(full, "utf8").slice(0, 200);
        if (/^\s*(\/\/[^\n]*\n\s*)*["']use server["']/.test(head)) found.push(full);
      }
    }
  };
  walk(path.join(root, "lib"));
  return found.sort();
}

export const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

const nested = (levels: number) => "[".repeat(levels) + "]".repeat(levels);
export const DEEP_JSON = nested(20_000);

/** Route parameter values nobody should send: broken escapes as Next would pass them, and worse. */
export const HOSTILE_PARAMS = [
  "%ZZ",
  "%E0%A4%A",
  "\u0000",
  "a".repeat(10_000),
  "💥🧨",
  "../../etc/passwd",
  "' or '1'='1",
  "",
  "null",
  "00000000-0000-0000-0000-000000000000",
  "bot_" + "a".repeat(40),
  "\ud800",
];

export type BodyCase = { label: string; body?: BodyInit; type?: string };

function brokenMultipart(): BodyCase[] {
  return [
    { label: "broken multipart", type: "multipart/form-data; boundary=XYZ", body: "--XYZ\r\nContent-Dispo" },
    { label: "multipart without boundary", type: "multipart/form-data", body: "a=1" },
    {
      label: "multipart, no closing boundary",
      type: "multipart/form-data; boundary=XYZ",
      body: '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.7 garbage',
    },
  ];
}

/** The fixed hostile bodies, one of each kind the issue names. */
export function hostileBodies(): BodyCase[] {
  const json = "application/json";
  const form = new FormData();
  for (const name of ["text", "title", "transaction_id", "bot_id", "input"]) form.set(name, DEEP_JSON);
  form.set("file", new File([new Uint8Array([0, 1, 2, 255])], "x.pdf", { type: "application/pdf" }));
  form.set("nul", "a\u0000b");
  return [
    { label: "no body" },
    { label: "bad JSON", type: json, body: '{"text": "hi"' },
    { label: "deep JSON", type: json, body: DEEP_JSON },
    { label: "deep JSON in a field", type: json, body: `{"text":${DEEP_JSON},"input":${DEEP_JSON}}` },
    { label: "oversized JSON", type: json, body: JSON.stringify({ text: "a".repeat(12 * 1024 * 1024) }) },
    { label: "wrong types", type: json, body: '{"text":5,"input":"x","type":[],"id":{},"data":null}' },
    { label: "NUL and lone surrogates", type: json, body: '{"text":"a\\u0000b","input":{"k":"\\ud800"}}' },
    { label: "JSON as text/plain", type: "text/plain", body: '{"text":"hi"}' },
    { label: "urlencoded garbage", type: "application/x-www-form-urlencoded", body: "a=%ZZ&&b" },
    { label: "binary", type: "application/octet-stream", body: new Uint8Array([0, 255, 1, 254, 0xc3, 0x28]) },
    { label: "form with deep JSON, NUL and a fake PDF", body: form },
    ...brokenMultipart(),
  ];
}

/** Headers a hostile client sends (valid as HTTP, nonsense to us). */
export function hostileHeaders(): Record<string, string>[] {
  return [
    {},
    {
      origin: "null",
      "x-forwarded-for": `${"9".repeat(4000)}, , ,`,
      "x-real-ip": "::ffff:999.1.1.1",
      authorization: "Bearer of_" + "x".repeat(300),
      "x-visitor-token": "%%%%",
      cookie: "sb-access-token=%ZZ; a",
    },
    {
      origin: "https://evil.example",
      authorization: "Basic Og==",
      "stripe-signature": "t=notatime,v1=zz,v1=",
      "x-ghl-signature": "!!!",
      "x-wh-signature": "AAAA",
      "x-visitor-token": "a".repeat(100),
      "idempotency-key": "k".repeat(2000),
    },
  ];
}

export const HOSTILE_QUERIES = [
  "",
  "?after=-1&month=2026-13&status=%ZZ",
  "?after=99999999999999999999&transaction=x&opportunity=%00&organization=A",
  "?test=1&download=1&limit=-5&offset=1e309",
  `?q=${"x".repeat(8000)}`,
];

/** Seeded random extra cases: any JSON, any text, any bytes, under any content type. */
export function randomBodies(count: number): BodyCase[] {
  const body = fc.oneof(
    fc.json({ maxDepth: 6 }),
    fc.string({ maxLength: 200, unit: "binary" }),
    fc.uint8Array({ maxLength: 256 }).map((b) => Buffer.from(b).toString("latin1")),
  );
  const type = fc.constantFrom(
    "application/json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=z",
    "application/xml",
  );
  return fc
    .sample(fc.tuple(body, type), { seed: FUZZ_SEED, numRuns: count })
    .map(([b, t], i) => ({ label: `random body ${i}`, body: b, type: t }));
}

/**
 * A plausible value for every field name our forms use, so that a form built from them passes
 * most schemas and a hostile value put into one field reaches that field's parser (and what runs
 * after it) instead of stopping at "required". `ids` are real rows of the fuzzed organization.
 */
export function plausibleForm(ids: {
  organization: string;
  workflow: string;
  bot: string;
}): Record<string, string> {
  const uuid = "00000000-0000-4000-8000-000000000000";
  return {
    organization: ids.organization,
    id: ids.workflow,
    ids: ids.workflow,
    bot_id: ids.bot,
    name: "Fuzzed thing",
    description: "",
    title: "Fuzzed",
    text: "hello there",
    note: "",
    definition: JSON.stringify({ nodes: [], edges: [], viewport: { x: 0, y: 0, zoom: 1 } }),
    expected_version: "1",
    version: "same",
    version_id: uuid,
    change: "pause",
    category: "General",
    template_id: "",
    email: "fuzz@example.test",
    password: "correct horse battery",
    confirm_password: "correct horse battery",
    display_name: "Fuzz",
    next: "/dashboard",
    role: "viewer",
    csv: "name,email\nAna,ana@example.test",
    plan: "starter",
    cycle: "monthly",
    session_id: uuid,
    document_id: uuid,
    token: "t".repeat(32),
    input: "{}",
    amount: "12.50",
    currency: "USD",
    paid_at: "2026-01-15",
    date: "2026-01-15",
    transaction_id: uuid,
    opportunity_id: "opp-1",
    until: "2026-01-15T00:00:00.000Z",
    month: "2026-01",
    status: "approved",
    resource: "workflows",
    action: "read",
    allowed: "true",
    permission: "workflows:read",
    confirm: "not-this-one",
    persona: "",
    greeting: "",
    fallback_message: "Sorry.",
    model: "gpt-4o-mini",
    temperature: "0.5",
    max_tokens: "500",
    allowed_origins: "https://shop.example",
    ghl_user_id: "u1",
    team_member_id: uuid,
    location_id: "loc1",
    auth_type: "private_token",
    event_id: uuid,
    vendor: "Vendor",
    reason: "why",
    suspended: "true",
    kind: "commission",
    applies_to: "everyone",
    plan_id: uuid,
    effective_from: "2026-01-01",
  };
}

const HOSTILE_FIELD_VALUES: [string, () => string | Blob][] = [
  ["deep JSON", () => DEEP_JSON],
  ["huge text", () => "z".repeat(200_000)],
  ["NUL and a lone surrogate", () => "1e999\u0000\ud800"],
  ["binary", () => new Blob([new Uint8Array([0, 255, 0xc3, 0x28])])],
];

/** The plausible form with one field made hostile, for each field and each kind of hostility. */
export function oneHostileField(
  base: Record<string, string>,
  fields: string[],
): { label: string; form: FormData }[] {
  const out: { label: string; form: FormData }[] = [];
  for (const field of fields)
    for (const [kind, value] of HOSTILE_FIELD_VALUES) {
      const form = new FormData();
      for (const [k, v] of Object.entries(base)) if (k !== field) form.set(k, v);
      form.set(field, value());
      out.push({ label: `${field}: ${kind}`, form });
    }
  return out;
}

/** Seeded random forms: the plausible form with a few fields given any text, JSON or number. */
export function randomForms(
  count: number,
  base: Record<string, string>,
): { label: string; form: FormData }[] {
  const value = fc.oneof(
    fc.string({ maxLength: 80, unit: "binary" }),
    fc.json({ maxDepth: 4 }),
    fc.integer().map(String),
    fc.constantFrom("", "-1", "1e999", "NaN", "true", "[]", "{}", "00000000-0000-0000-0000-000000000000"),
  );
  const fields = fc.dictionary(
    fc.oneof(fc.constantFrom(...Object.keys(base)), fc.string({ maxLength: 12 })),
    value,
    {
      maxKeys: 6,
    },
  );
  return fc.sample(fields, { seed: FUZZ_SEED + 1, numRuns: count }).map((entries, i) => {
    const form = new FormData();
    for (const [k, v] of Object.entries({ ...base, ...entries })) form.append(k, v);
    return { label: `random form ${i}: ${JSON.stringify(entries).slice(0, 120)}`, form };
  });
}

/** Whole forms that are wrong as a whole. */
export function hostileForms(organization: string): { label: string; form: unknown }[] {
  const many = new FormData();
  for (let i = 0; i < 1500; i++) many.append(`f${i}`, "x");
  const repeated = new FormData();
  repeated.set("organization", organization);
  for (const name of ["id", "name", "definition", "email"])
    for (let i = 0; i < 3; i++) repeated.append(`${name}[]`, String(i));
  const badOrg = (label: string, org: string) => {
    const form = new FormData();
    form.set("organization", org);
    form.set("id", "00000000-0000-4000-8000-000000000000");
    return { label, form };
  };
  return [
    { label: "empty form", form: new FormData() },
    badOrg("organization %ZZ", "%ZZ"),
    badOrg("organization huge", "o".repeat(50_000)),
    badOrg("organization NUL", "acme\u0000"),
    badOrg("organization of nobody", "no-such-organization"),
    { label: "1,500 fields", form: many },
    { label: "every field repeated", form: repeated },
    { label: "a string instead of a form", form: "name=x" },
    { label: "null instead of a form", form: null },
    { label: "an object instead of a form", form: { organization, id: DEEP_JSON } },
  ];
}
