import Link from "next/link";
import { cn } from "@/lib/utils/cn";

export type CommissionsSection =
  "overview" | "transactions" | "approvals" | "rules" | "payouts" | "statements";

/** The sections of sales and commissions, as tabs; only those the member may open. */
export function CommissionsNav({
  slug,
  active,
  sections,
}: {
  slug: string;
  active: CommissionsSection;
  sections: Partial<Record<CommissionsSection, boolean>>;
}) {
  const base = `/o/${slug}/commissions`;
  const items: { key: CommissionsSection; href: string; label: string }[] = [
    { key: "overview", href: base, label: "Overview" },
    { key: "transactions", href: `${base}/transactions`, label: "Transactions" },
    { key: "approvals", href: `${base}/approvals`, label: "Approvals" },
    { key: "payouts", href: `${base}/payouts`, label: "Payouts" },
    { key: "statements", href: `${base}/statements`, label: "Statements" },
    { key: "rules", href: `${base}/rules`, label: "Rules" },
  ];
  return (
    <nav aria-label="Commissions" className="-mx-1 overflow-x-auto">
      <ul className="flex min-w-max gap-1 border-b px-1">
        {items
          .filter((i) => sections[i.key])
          .map((i) => (
            <li key={i.key}>
              <Link
                href={i.href}
                aria-current={i.key === active ? "page" : undefined}
                className={cn(
                  "inline-flex h-9 items-center border-b-2 px-3 text-sm font-medium whitespace-nowrap transition-colors focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none",
                  i.key === active
                    ? "border-primary text-foreground"
                    : "border-transparent text-muted-foreground hover:text-foreground",
                )}
              >
                {i.label}
              </Link>
            </li>
          ))}
      </ul>
    </nav>
  );
}
