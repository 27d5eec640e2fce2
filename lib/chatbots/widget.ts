import { z } from "zod";
import { sql as defaultSql, withServiceRoleBypassingRls, type Sql, type Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { RASTER_IMAGE_TYPES, sniffRasterImage, type RasterImageType } from "@/lib/files/image-type";
import { readWidgetAppearance, type WidgetAppearance } from "./widget-appearance";

/**
 * The widget's look and its avatar. The console stores them as the signed-in member (RLS and the
 * `bots` resource decide); the public side reads them by the bot's key on the service path:
 * `widgetConfig` is what /widget.js asks first (/api/chat/<key>/widget), so it can draw the
 * launcher in the customer's colours and, on a website that is not allowed or for a paused bot,
 * say so politely instead of failing on its first call.
 */

export const MAX_WIDGET_AVATAR_BYTES = 512 * 1024;
export const WIDGET_AVATAR_TOO_LARGE = "The picture is larger than 512 KB. Choose a smaller one.";
export const WIDGET_AVATAR_WRONG_TYPE = "Choose a PNG, JPEG or WebP picture.";
const BOT_KEY = /^bot_[a-z0-9]{24,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NO_BOT = "This bot does not exist or was deleted.";
function checkBotId(botId: string): void {
  if (!UUID.test(botId)) throw new AppError("not_found", NO_BOT);
}
const UNKNOWN_BOT = "This chat bot does not exist. Check the data-bot-key of the embed code.";

/** Messages a visitor reads in the widget (never a browser's "Failed to fetch"). */
export const WIDGET_NOT_ON_THIS_SITE =
  "Sorry, this chat is not available on this website. Please contact the company another way.";
export const WIDGET_PAUSED = "Sorry, the chat is not available right now. Please try again later.";

const configRow = z.object({
  name: z.string(),
  greeting: z.string(),
  status: z.string(),
  widget: z.unknown(),
  allowed: z.boolean(),
  brand_color: z.string().nullable(),
  avatar_version: z.string().nullable(),
});

export type WidgetConfig =
  | {
      available: true;
      name: string;
      greeting: string;
      appearance: WidgetAppearance;
      avatarUrl: string | null;
    }
  | {
      available: false;
      reason: "origin" | "paused";
      message: string;
      name: string;
      appearance: WidgetAppearance;
      avatarUrl: string | null;
      /** For the website's owner, in the browser console. */
      hint: string;
    };

/**
 * What the widget needs before the visitor opens it (the avatar's address is the app's path). `origin` null (no browser) counts as allowed,
 * as in the chat API. Unknown key: not_found.
 */
export async function widgetConfig(
  botKey: string,
  origin: string | null,
  db: Sql = defaultSql(),
): Promise<WidgetConfig> {
  if (!BOT_KEY.test(botKey)) throw new AppError("not_found", UNKNOWN_BOT);
  const [row] = await withServiceRoleBypassingRls(
    async (tx) =>
      z.array(configRow).parse(
        await tx`
      select b.name, b.greeting, b.status, b.widget,
             ${origin}::text is null or b.allowed_origins && array['*', ${origin}::text] as allowed,
             o.settings ->> 'brand_color' as brand_color,
             (extract(epoch from a.updated_at) * 1000)::bigint::text as avatar_version
      from public.bots b
      join public.organizations o on o.id = b.organization_id
      left join public.bot_widget_avatars a on a.bot_id = b.id
      where b.public_key = ${botKey}`,
      ),
    db,
  );
  if (!row) throw new AppError("not_found", UNKNOWN_BOT);
  const brand = row.brand_color && /^#[0-9a-fA-F]{6}$/.test(row.brand_color) ? row.brand_color : undefined;
  const appearance = readWidgetAppearance(row.widget, brand ? { color: brand.toLowerCase() } : {});
  const avatarUrl = row.avatar_version ? `/api/chat/${botKey}/avatar?v=${row.avatar_version}` : null;
  const shown = { name: row.name, appearance, avatarUrl };
  if (!row.allowed)
    return {
      available: false,
      reason: "origin",
      message: WIDGET_NOT_ON_THIS_SITE,
      hint: `${origin} is not one of this bot's allowed origins. Add it in the bot's settings.`,
      ...shown,
    };
  if (row.status !== "active")
    return {
      available: false,
      reason: "paused",
      message: WIDGET_PAUSED,
      hint: "This bot is paused (or archived) in its settings.",
      ...shown,
    };
  return { available: true, greeting: row.greeting, ...shown };
}

// ---------------------------------------------------------------------------------------------
// Avatar

/** Stores the bot's widget picture (replacing any) after checking its size and content. */
export async function saveWidgetAvatar(
  tx: Tx,
  organizationId: string,
  botId: string,
  bytes: Uint8Array,
): Promise<void> {
  checkBotId(botId);
  if (bytes.length === 0)
    throw new AppError("validation_failed", "Choose a picture.", { file: ["Choose a picture."] });
  if (bytes.length > MAX_WIDGET_AVATAR_BYTES)
    throw new AppError("payload_too_large", WIDGET_AVATAR_TOO_LARGE);
  const contentType = sniffRasterImage(bytes);
  if (!contentType)
    throw new AppError("unprocessable", WIDGET_AVATAR_WRONG_TYPE, { file: [WIDGET_AVATAR_WRONG_TYPE] });
  const [bot] =
    await tx`select 1 from public.bots where organization_id = ${organizationId} and id = ${botId}`;
  if (!bot) throw new AppError("not_found", NO_BOT);
  await tx`
    insert into public.bot_widget_avatars (bot_id, organization_id, content_type, data)
    values (${botId}, ${organizationId}, ${contentType}, ${Buffer.from(bytes)})
    on conflict (bot_id) do update set content_type = excluded.content_type, data = excluded.data`;
}

export async function removeWidgetAvatar(tx: Tx, organizationId: string, botId: string): Promise<void> {
  checkBotId(botId);
  await tx`delete from public.bot_widget_avatars where organization_id = ${organizationId} and bot_id = ${botId}`;
}

/** Whether the bot has a picture, and its version (for the console's preview address). */
export async function widgetAvatarVersion(
  tx: Tx,
  organizationId: string,
  botId: string,
): Promise<string | null> {
  checkBotId(botId);
  const rows = await tx`
    select (extract(epoch from updated_at) * 1000)::bigint::text as v from public.bot_widget_avatars
    where organization_id = ${organizationId} and bot_id = ${botId}`;
  return z.array(z.object({ v: z.string() })).parse(rows)[0]?.v ?? null;
}

export type WidgetAvatar = { contentType: RasterImageType; data: Buffer };
const avatarRow = z.object({ content_type: z.enum(RASTER_IMAGE_TYPES), data: z.instanceof(Buffer) });

/** The picture of the bot behind a public key (shown on every site that shows the widget). */
export async function readWidgetAvatarByKey(botKey: string, db: Sql = defaultSql()): Promise<WidgetAvatar> {
  if (!BOT_KEY.test(botKey)) throw new AppError("not_found", "No picture here.");
  const [row] = await withServiceRoleBypassingRls(
    async (tx) =>
      z.array(avatarRow).parse(
        await tx`
          select a.content_type, a.data from public.bot_widget_avatars a
          join public.bots b on b.id = a.bot_id where b.public_key = ${botKey}`,
      ),
    db,
  );
  if (!row) throw new AppError("not_found", "No picture here.");
  return { contentType: row.content_type, data: row.data };
}

/** The same picture for a member in the console (RLS decides). */
export async function readWidgetAvatar(tx: Tx, organizationId: string, botId: string): Promise<WidgetAvatar> {
  checkBotId(botId);
  const [row] = z.array(avatarRow).parse(
    await tx`
      select content_type, data from public.bot_widget_avatars
      where organization_id = ${organizationId} and bot_id = ${botId}`,
  );
  if (!row) throw new AppError("not_found", "No picture here.");
  return { contentType: row.content_type, data: row.data };
}

/** Headers for serving a picture: its sniffed type, nothing to run, showable on other sites. */
export function imageHeaders(avatar: WidgetAvatar, cache: string): Record<string, string> {
  return {
    "content-type": avatar.contentType,
    "content-length": String(avatar.data.length),
    "content-disposition": 'inline; filename="avatar"',
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; sandbox",
    "cross-origin-resource-policy": "cross-origin",
    "cache-control": cache,
  };
}
