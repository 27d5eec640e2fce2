import Link from "next/link";
import {
  ArrowRight,
  Bot,
  CheckCircle2,
  Circle,
  Coins,
  Plug,
  UserPlus,
  Workflow,
  type LucideIcon,
} from "lucide-react";
import { ActionButton } from "@/components/forms/action-button";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import { dismissOnboardingAction } from "@/lib/organizations/actions/onboarding";
import {
  onboardingStepIds,
  type OnboardingProgress,
  type OnboardingStepId,
} from "@/lib/organizations/onboarding";

type StepCopy = { title: string; description: string; cta: string; path: string; icon: LucideIcon };

const steps: Record<OnboardingStepId, StepCopy> = {
  invite: {
    title: "Invite your team",
    description: "Add the people who sell, support or manage, each with the role that fits.",
    cta: "Invite people",
    path: "/members",
    icon: UserPlus,
  },
  ghl: {
    title: "Connect GoHighLevel",
    description: "Bring in contacts, opportunities and payments so workflows and commissions can use them.",
    cta: "Connect",
    path: "/settings/integrations",
    icon: Plug,
  },
  workflow: {
    title: "Publish a first workflow",
    description: "Start from a template (a lead follow-up takes two minutes), test it, then publish it.",
    cta: "Pick a template",
    path: "/workflows/new",
    icon: Workflow,
  },
  bot: {
    title: "Create a bot and give it knowledge",
    description: "Add your FAQ or a document; the bot answers visitors from it on your website.",
    cta: "Create a bot",
    path: "/bots",
    icon: Bot,
  },
  commissions: {
    title: "Set up a commission plan",
    description: "Say how your team earns, and every payment becomes a commission to approve.",
    cta: "Create a plan",
    path: "/commissions/rules",
    icon: Coins,
  },
};

/** A plan with no rule yet pays nobody: the step says so and leads to adding one. */
function stepCopy(id: OnboardingStepId, progress: OnboardingProgress): StepCopy {
  const step = steps[id];
  if (id !== "commissions" || !progress.planWithoutRules) return step;
  return {
    ...step,
    description:
      "Your plan has no rules yet. Add one (a rate, a flat amount or tiers) so sales earn commission.",
    cta: "Add a rule",
  };
}

/**
 * The dashboard's getting-started list for a new organization: what to do next, in order, each
 * step ticked when it is really done, and put away for good with one click.
 */
export function OnboardingChecklist({
  progress,
  slug,
  lockedPlans = {},
}: {
  progress: OnboardingProgress;
  slug: string;
  /** Steps the organization's plan does not include yet, with the plan that does (its locked page offers the upgrade). */
  lockedPlans?: Partial<Record<OnboardingStepId, string>>;
}) {
  const total = onboardingStepIds.length;
  const next = onboardingStepIds.find((id) => !progress.done[id]);
  return (
    <Card role="region" aria-labelledby="onboarding-heading">
      <CardHeader className="flex-row items-start justify-between gap-4">
        <div className="flex flex-col gap-1.5">
          <CardTitle id="onboarding-heading" className="text-base">
            Get started with Orgflow
          </CardTitle>
          <CardDescription>
            {progress.completed} of {total} done. Each step is ticked when it is really set up.
          </CardDescription>
        </div>
        <ActionButton
          action={dismissOnboardingAction}
          fields={{ organization: slug }}
          variant="ghost"
          size="sm"
          className="shrink-0"
          pendingLabel="Hiding…"
        >
          Dismiss
        </ActionButton>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <Progress value={progress.completed} max={total} label="Getting started progress" />
        <ol className="-my-1 divide-y">
          {onboardingStepIds.map((id) => {
            const step = stepCopy(id, progress);
            const plan = lockedPlans[id];
            const done = progress.done[id];
            const Icon = step.icon;
            return (
              <li key={id} className="flex flex-col gap-3 py-3 sm:flex-row sm:items-center" data-step={id}>
                <div className="flex min-w-0 flex-1 gap-3">
                  {done ? (
                    <CheckCircle2 className="mt-0.5 size-5 shrink-0 text-emerald-600" aria-label="Done" />
                  ) : (
                    <Circle className="mt-0.5 size-5 shrink-0 text-muted-foreground" aria-label="To do" />
                  )}
                  <div className="flex min-w-0 flex-col gap-0.5">
                    <span
                      className={
                        done
                          ? "text-sm font-medium text-muted-foreground line-through"
                          : "flex flex-wrap items-center gap-2 text-sm font-medium"
                      }
                    >
                      {step.title}
                      {!done && plan ? <Badge variant="outline">{plan} plan</Badge> : null}
                    </span>
                    {done ? null : (
                      <span className="text-sm text-pretty text-muted-foreground">{step.description}</span>
                    )}
                  </div>
                </div>
                {done ? null : (
                  <Button
                    asChild
                    size="sm"
                    variant={id === next ? "default" : "outline"}
                    className="shrink-0 self-start sm:self-center"
                  >
                    <Link href={`/o/${slug}${step.path}`}>
                      <Icon aria-hidden="true" />
                      {step.cta}
                      {id === next ? <ArrowRight aria-hidden="true" /> : null}
                    </Link>
                  </Button>
                )}
              </li>
            );
          })}
        </ol>
      </CardContent>
    </Card>
  );
}
