import * as React from "react";
import { Card, CardContent } from "@/components/ui/card";

/**
 * A card that explains one action and holds its button (leave, delete …): text first, the button
 * beside it from tablet width, under it on phones. `children` is for what the button opens.
 */
export function ActionCard({
  title,
  description,
  action,
  className,
  children,
}: {
  title: React.ReactNode;
  description: React.ReactNode;
  action: React.ReactNode;
  className?: string;
  children?: React.ReactNode;
}) {
  return (
    <Card className={className}>
      <CardContent className="flex flex-col gap-4 sm:flex-row sm:items-center sm:justify-between">
        <div className="flex flex-col gap-1">
          <h2 className="text-base font-semibold">{title}</h2>
          <p className="text-sm text-muted-foreground">{description}</p>
        </div>
        <div className="shrink-0">{action}</div>
      </CardContent>
      {children}
    </Card>
  );
}
