import { Checkbox } from "@/components/ui/checkbox";
import type { SaleSource } from "@/lib/integrations/integrations";

const CHOICES: { value: SaleSource; label: string }[] = [
  { value: "invoice", label: "Paid invoices (InvoicePaid)" },
  { value: "order", label: "Orders (OrderCreate)" },
  { value: "opportunity", label: "Won opportunities (OpportunityStatusUpdate)" },
];

/** Which GHL events count as sales. Several at once may count one deal twice: the hint says so. */
export function SaleSourceChoices({
  defaults = ["invoice", "order", "opportunity"],
  error,
}: {
  defaults?: SaleSource[];
  error?: string | null;
}) {
  return (
    <fieldset className="flex flex-col gap-2" aria-describedby="sale-sources-hint">
      <legend className="mb-1 text-sm font-medium">Count as sales</legend>
      {CHOICES.map((c) => (
        <label key={c.value} className="flex items-center gap-2 text-sm">
          <Checkbox name="sale_sources[]" value={c.value} defaultChecked={defaults.includes(c.value)} />
          {c.label}
        </label>
      ))}
      <p id="sale-sources-hint" className="text-[13px] text-muted-foreground">
        If a deal is both won as an opportunity and paid by invoice, tick one of the two, or it is counted
        twice.
      </p>
      {error ? <p className="text-[13px] font-medium text-destructive">{error}</p> : null}
    </fieldset>
  );
}
