export type TimeZoneOption = { value: string; label: string };
export type TimeZoneGroup = { region: string; zones: TimeZoneOption[] };

// Offsets change only at whole hours (DST transitions), and building ~420 Intl formatters costs
// 100+ ms, so they are computed once per hour per process instead of on every render.
let offsetCache: { hour: number; offsets: Map<string, string> } | undefined;

/** "GMT+5:30" style offset of a zone right now ("GMT" for UTC itself). */
function currentOffset(timeZone: string, now: Date): string {
  const hour = Math.floor(now.getTime() / 3_600_000);
  if (offsetCache?.hour !== hour) offsetCache = { hour, offsets: new Map() };
  let offset = offsetCache.offsets.get(timeZone);
  if (offset === undefined) {
    const part = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "shortOffset" })
      .formatToParts(now)
      .find((p) => p.type === "timeZoneName");
    offset = part?.value ?? "";
    offsetCache.offsets.set(timeZone, offset);
  }
  return offset;
}

/**
 * The IANA time zones this runtime knows (plus UTC), grouped by region for a <select>:
 * "America" → [{ value: "America/New_York", label: "New York (GMT-5)" }, …].
 * `include` adds a zone that is not in the list (a value saved earlier), so it never disappears.
 */
export function timeZoneGroups(include?: string | null, now: Date = new Date()): TimeZoneGroup[] {
  const zones = new Set(Intl.supportedValuesOf("timeZone"));
  zones.add("UTC");
  if (include) zones.add(include);

  const groups = new Map<string, TimeZoneOption[]>();
  for (const value of zones) {
    const slash = value.indexOf("/");
    const region = slash === -1 ? "Other" : value.slice(0, slash);
    const city = (slash === -1 ? value : value.slice(slash + 1)).replaceAll("_", " ").replaceAll("/", " – ");
    let offset = "";
    try {
      offset = currentOffset(value, now);
    } catch {
      // A zone this runtime cannot format (only possible for `include`): list it without offset.
    }
    const list = groups.get(region) ?? [];
    list.push({ value, label: offset ? `${city} (${offset})` : city });
    groups.set(region, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === "Other" ? 1 : b === "Other" ? -1 : a.localeCompare(b)))
    .map(([region, list]) => ({ region, zones: list.sort((x, y) => x.label.localeCompare(y.label)) }));
}
