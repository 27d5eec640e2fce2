import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";

/** A labelled "YYYY-MM" picker for a GET filter form; the field's name is its id. */
export function MonthSelect({
  id,
  label,
  months,
  defaultValue,
  className,
}: {
  id: string;
  label: string;
  months: string[];
  defaultValue: string;
  className?: string;
}) {
  return (
    <div className="grid gap-2">
      <Label htmlFor={id}>{label}</Label>
      <NativeSelect id={id} name={id} defaultValue={defaultValue} className={className}>
        {months.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </NativeSelect>
    </div>
  );
}
