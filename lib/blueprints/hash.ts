import { createHash } from "node:crypto";
import { stableJson, type ManifestItem } from "./manifest";

/** The hash of a manifest item as published: an update compares it to tell what changed upstream. */
export function sourceHash(item: ManifestItem): string {
  return createHash("sha256").update(stableJson(item)).digest("hex");
}
