import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { AppError } from "@/lib/errors";
import { requireOrganizationPage } from "@/lib/organizations/page";
import type { PermissionAction } from "@/lib/organizations/schema";
import { getBot } from "./bots";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The entry check of a bot's console pages: a member allowed `bots:read` (else 403), and a bot of
 * this organization that they can see (else 404). Cached per request, so metadata and page share it.
 */
export const requireBotPage = cache(
  async (slug: string, botId: string, path: string, permission: PermissionAction = "read") => {
    if (!UUID.test(botId)) notFound();
    const { claims, org, read } = await requireOrganizationPage(slug, {
      path: `/bots/${botId}${path}`,
      permission: ["bots", permission],
    });
    try {
      const bot = await read((tx) => getBot(tx, org.organization.id, botId));
      return { claims, org, bot, read };
    } catch (e) {
      if (e instanceof AppError && e.code === "not_found") notFound();
      throw e;
    }
  },
);
