import { z } from "zod";
import { optionalText, requiredText } from "../schema-helpers";
import { defineNodeType, IN, singleOutput } from "../types";

export const NOTIFY_AUDIENCES = {
  owners: "Owners",
  administrators: "Owners and administrators",
  everyone: "Everyone in the organization",
} as const;

export const notifyNode = defineNodeType({
  type: "notify",
  label: "Notify team",
  description: "Shows an in-app notification to people in your organization.",
  category: "action",
  externalEffects: true,
  configSchema: z.object({
    audience: z
      .enum(Object.keys(NOTIFY_AUDIENCES) as [keyof typeof NOTIFY_AUDIENCES], {
        error: "Choose who to notify.",
      })
      .default("administrators"),
    title: requiredText("a title", 120),
    message: requiredText("a message", 2000),
    /** Where clicking the notification goes (a path in the app or a URL). */
    link: optionalText(2000),
  }),
  defaults: { audience: "administrators", title: "", message: "", link: "" },
  inputs: IN,
  outputs: singleOutput,
  outputFields: () => [{ name: "notified", type: "number", description: "How many people were notified" }],
});
