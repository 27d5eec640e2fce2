"use client";

import * as React from "react";
import { ActionDialog } from "@/components/forms/action-dialog";
import { FormAlert } from "@/components/forms/form-alert";
import { useActionForm } from "@/components/forms/use-action-form";
import { ProfileSection } from "@/components/profile/profile-section";
import { RecoveryCodesPanel } from "@/components/profile/recovery-codes-panel";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import {
  confirmTwoFactorAction,
  disableTwoFactorAction,
  regenerateRecoveryCodesAction,
  startTwoFactorAction,
  type TotpEnrollment,
} from "@/lib/security/actions";

/** Two-factor authentication with an authenticator app (TOTP): set up, recovery codes, turn off. */
export function TwoFactorSettings({
  factorId,
  recoveryCodesLeft,
}: {
  factorId: string | null;
  recoveryCodesLeft: number;
}) {
  const [enrollment, setEnrollment] = React.useState<TotpEnrollment | null>(null);
  const [codes, setCodes] = React.useState<string[] | null>(null);
  let body: React.ReactNode;
  if (codes) body = <RecoveryCodesPanel codes={codes} onDone={() => setCodes(null)} />;
  else if (enrollment)
    body = (
      <Enrollment
        enrollment={enrollment}
        onCancel={() => setEnrollment(null)}
        onDone={(recovery) => {
          setEnrollment(null);
          setCodes(recovery);
        }}
      />
    );
  else if (factorId)
    body = <EnabledState factorId={factorId} recoveryCodesLeft={recoveryCodesLeft} onNewCodes={setCodes} />;
  else body = <StartEnrollment onStarted={setEnrollment} />;

  return (
    <ProfileSection
      id="two-factor"
      title="Two-factor authentication"
      description="After your password, Orgflow asks for a code from an authenticator app on your phone, so a stolen password alone can't open your account."
    >
      <Card>
        <CardContent className="flex flex-col gap-4">{body}</CardContent>
      </Card>
    </ProfileSection>
  );
}

function StartEnrollment({ onStarted }: { onStarted: (e: TotpEnrollment) => void }) {
  const form = useActionForm(startTwoFactorAction, { onSuccess: onStarted });
  return (
    <form id={form.formId} action={form.formAction} className="flex flex-col gap-4">
      <FormAlert result={form.result} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="flex items-center gap-2 text-sm">
          Status: <Badge variant="secondary">Off</Badge>
        </p>
        <SubmitButton pendingLabel="Preparing…">Set up two-factor authentication</SubmitButton>
      </div>
    </form>
  );
}

function Enrollment({
  enrollment,
  onCancel,
  onDone,
}: {
  enrollment: TotpEnrollment;
  onCancel: () => void;
  onDone: (codes: string[]) => void;
}) {
  const form = useActionForm(confirmTwoFactorAction, { onSuccess: (data) => onDone(data.recoveryCodes) });
  return (
    <form id={form.formId} action={form.formAction} noValidate className="flex flex-col gap-5">
      <FormAlert result={form.result} />
      <input type="hidden" name="factor_id" value={enrollment.factorId} />
      <ol className="flex list-decimal flex-col gap-4 pl-5 text-sm">
        <li>
          Scan this QR code with an authenticator app (1Password, Google Authenticator, Microsoft
          Authenticator…).
          {/* A data URI made by the auth server: nothing is fetched. */}
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img
            src={enrollment.qrCode}
            alt="QR code to add Orgflow to your authenticator app"
            width={176}
            height={176}
            className="mt-3 size-44 rounded-md border bg-white p-2"
          />
        </li>
        <li>
          Can&apos;t scan it? Enter this key in the app instead:
          <span className="mt-2 flex flex-wrap items-center gap-2">
            <code
              data-testid="totp-secret"
              className="rounded bg-muted px-2 py-1 font-mono text-xs break-all"
            >
              {enrollment.secret}
            </code>
            <CopyButton text={enrollment.secret} label="Copy key" />
          </span>
        </li>
        <li>Enter the 6-digit code the app shows.</li>
      </ol>
      <FormField
        name="code"
        id="totp-code"
        label="Code from the app"
        error={form.fieldError("code")}
        required
      >
        <Input inputMode="numeric" autoComplete="one-time-code" maxLength={7} placeholder="123456" required />
      </FormField>
      <div className="flex flex-wrap justify-end gap-2">
        <Button type="button" variant="outline" onClick={onCancel}>
          Cancel
        </Button>
        <SubmitButton pendingLabel="Checking…">Turn on</SubmitButton>
      </div>
    </form>
  );
}

function EnabledState({
  factorId,
  recoveryCodesLeft,
  onNewCodes,
}: {
  factorId: string;
  recoveryCodesLeft: number;
  onNewCodes: (codes: string[]) => void;
}) {
  const [dialog, setDialog] = React.useState<"codes" | "off" | null>(null);
  const codesButton = React.useRef<HTMLButtonElement>(null);
  const offButton = React.useRef<HTMLButtonElement>(null);
  return (
    <>
      <p className="flex items-center gap-2 text-sm">
        Status: <Badge variant="success">On</Badge>
      </p>
      <p className="text-sm text-muted-foreground">
        {recoveryCodesLeft === 1 ? "1 recovery code left." : `${recoveryCodesLeft} recovery codes left.`}
        {recoveryCodesLeft < 3 ? " Make new ones before you run out." : ""}
      </p>
      <div className="flex flex-wrap justify-end gap-2">
        <Button ref={codesButton} variant="outline" onClick={() => setDialog("codes")}>
          New recovery codes
        </Button>
        <Button ref={offButton} variant="ghost-destructive" onClick={() => setDialog("off")}>
          Turn off
        </Button>
      </div>
      <ActionDialog
        open={dialog === "codes"}
        onOpenChange={(open) => setDialog(open ? "codes" : null)}
        title="Make new recovery codes?"
        description="Your current recovery codes stop working at once."
        returnFocusRef={codesButton}
        action={regenerateRecoveryCodesAction}
        submitLabel="Make new codes"
        pendingLabel="Making…"
        onSuccess={(data) => onNewCodes(data.recoveryCodes)}
      />
      <ActionDialog
        open={dialog === "off"}
        onOpenChange={(open) => setDialog(open ? "off" : null)}
        title="Turn off two-factor authentication?"
        description="Signing in will take only your password, and your recovery codes stop working."
        returnFocusRef={offButton}
        action={disableTwoFactorAction}
        fields={{ factor_id: factorId }}
        variant="destructive"
        submitLabel="Turn off"
        pendingLabel="Turning off…"
      />
    </>
  );
}
