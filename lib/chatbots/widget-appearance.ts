import { z } from "zod";

/**
 * How a bot's embeddable widget looks (bots.widget): its title, colours, launcher position and
 * text. Read by the console's settings form and live preview, by the public widget configuration
 * (/api/chat/<key>/widget) and so by the widget script. Client-safe: no server imports. Also the
 * allowed-origins parser the form runs as the customer types and the server runs on submit, so
 * both name each wrong entry the same way.
 */

export const WIDGET_POSITIONS = ["right", "left"] as const;
export type WidgetPosition = (typeof WIDGET_POSITIONS)[number];

const HEX = /^#[0-9a-fA-F]{6}$/;
const hex = (what: string) =>
  z
    .string()
    .trim()
    .regex(HEX, `Choose the ${what} as a colour like #4f46e5.`)
    .transform((v) => v.toLowerCase());

export const widgetAppearanceSchema = z.object({
  title: z
    .string()
    .trim()
    .min(1, "Enter a title.")
    .max(60, "Use at most 60 characters.")
    .default("Chat with us"),
  color: hex("main colour").default("#4f46e5"),
  text_color: hex("text colour").default("#ffffff"),
  position: z.enum(WIDGET_POSITIONS, { error: "Choose left or right." }).default("right"),
  launcher_text: z.string().trim().max(30, "Use at most 30 characters.").default(""),
});
export type WidgetAppearance = z.infer<typeof widgetAppearanceSchema>;

export const DEFAULT_WIDGET_APPEARANCE: WidgetAppearance = widgetAppearanceSchema.parse({});

/** What is stored, read leniently: a field that no longer validates falls back to its default. */
export function readWidgetAppearance(
  stored: unknown,
  defaults: Partial<WidgetAppearance> = {},
): WidgetAppearance {
  const raw = stored && typeof stored === "object" ? (stored as Record<string, unknown>) : {};
  const base = { ...DEFAULT_WIDGET_APPEARANCE, ...defaults };
  const out = { ...base };
  for (const key of Object.keys(widgetAppearanceSchema.shape) as (keyof WidgetAppearance)[]) {
    if (raw[key] === undefined) continue;
    const parsed = widgetAppearanceSchema.shape[key].safeParse(raw[key]);
    if (parsed.success) (out as Record<string, unknown>)[key] = parsed.data;
  }
  return out;
}

/**
 * WCAG contrast ratio of two #rrggbb colours (1 to 21). The settings form warns below 4.5, the
 * ratio normal text needs.
 */
export function contrastRatio(a: string, b: string): number {
  const luminance = (c: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const v = parseInt(c.slice(i, i + 2), 16) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

// ---------------------------------------------------------------------------------------------
// Allowed origins

export const MAX_ALLOWED_ORIGINS = 50;
/** What the database accepts (bots_before_write): scheme, host and an optional port. */
const STORED_ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?$/;

/** One typed entry as the origin a browser sends, or what is wrong with it (naming it). */
export function parseOrigin(entry: string): { origin: string } | { error: string } {
  const v = entry.trim();
  if (v === "*") return { origin: "*" };
  const quoted = `“${v.length > 80 ? v.slice(0, 77) + "…" : v}”`;
  if (v.length > 300) return { error: `${quoted} is too long for a website address.` };
  if (v.includes("*"))
    return {
      error: `${quoted}: wildcards like *.example.com are not supported. List each site, or * alone for any site.`,
    };
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) {
    const guess = `https://${v.replace(/^\/+/, "")}`;
    const fixed = parseOrigin(guess);
    return {
      error:
        "origin" in fixed
          ? `${quoted} needs https:// (or http://) in front: ${fixed.origin}`
          : `${quoted} is not a website address like https://www.example.com.`,
    };
  }
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return { error: `${quoted} is not a website address like https://www.example.com.` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return { error: `${quoted}: only http:// and https:// websites can show the chat.` };
  if (url.username || url.password) return { error: `${quoted}: leave out the user name and password.` };
  if (!STORED_ORIGIN.test(url.origin))
    return { error: `${quoted} is not a website address like https://www.example.com.` };
  return { origin: url.origin };
}

/**
 * The allowed-origins field (one per line; commas and spaces separate too): the origins, without
 * duplicates, and one message per wrong entry.
 */
export function parseOrigins(text: string): { origins: string[]; errors: string[] } {
  const origins: string[] = [];
  const errors: string[] = [];
  for (const entry of text.split(/[\s,]+/).filter(Boolean)) {
    const parsed = parseOrigin(entry);
    if ("error" in parsed) errors.push(parsed.error);
    else if (!origins.includes(parsed.origin)) origins.push(parsed.origin);
  }
  if (origins.length > MAX_ALLOWED_ORIGINS)
    errors.push(`List at most ${MAX_ALLOWED_ORIGINS} websites (there are ${origins.length}).`);
  return { origins, errors };
}
