import { MonthSelect } from "@/components/commissions/month-select";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";

/** Which rep and months the statements page shows (a GET form: the choice is in the address). */
export function StatementFilter({
  path,
  reps,
  rep,
  everyone,
  months,
  from,
  to,
}: {
  path: string;
  reps: { id: string; full_name: string }[];
  rep: string;
  everyone: boolean;
  months: string[];
  from: string;
  to: string;
}) {
  return (
    <form action={path} className="grid gap-3 sm:grid-cols-[1fr_10rem_10rem_auto] sm:items-end">
      <div className="grid gap-2">
        <Label htmlFor="rep">Rep</Label>
        <NativeSelect id="rep" name="rep" defaultValue={rep} disabled={!everyone}>
          {reps.map((r) => (
            <option key={r.id} value={r.id}>
              {r.full_name}
            </option>
          ))}
        </NativeSelect>
      </div>
      <MonthSelect id="from" label="From" months={months} defaultValue={from} />
      <MonthSelect id="to" label="To" months={months} defaultValue={to} />
      <Button type="submit" variant="outline">
        Show
      </Button>
    </form>
  );
}
