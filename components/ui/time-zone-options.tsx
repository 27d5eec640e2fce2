import type { TimeZoneGroup } from "@/lib/utils/time-zones";

/** The <optgroup>s of a time-zone <select>, one per region (lib/utils/time-zones.ts). */
export function TimeZoneOptions({ groups }: { groups: TimeZoneGroup[] }) {
  return groups.map((group) => (
    <optgroup key={group.region} label={group.region}>
      {group.zones.map((zone) => (
        <option key={zone.value} value={zone.value}>
          {zone.label}
        </option>
      ))}
    </optgroup>
  ));
}
