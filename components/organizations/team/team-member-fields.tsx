"use client";

import * as React from "react";
import type { ActionForm } from "@/components/forms/action-dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";

export type TeamMemberValues = {
  full_name: string;
  email: string;
  external_id: string;
  member_type: "sales" | "support" | "operations";
  commission_type: "percentage" | "flat";
  commission_rate: string;
  user_id: string;
};

export const emptyTeamMember: TeamMemberValues = {
  full_name: "",
  email: "",
  external_id: "",
  member_type: "sales",
  commission_type: "percentage",
  commission_rate: "",
  user_id: "",
};

/** A member login a team member can be linked to. */
export type LoginOption = { userId: string; label: string };

/** The fields of the add / edit team member dialog. */
export function TeamMemberFields({
  form,
  values,
  logins,
}: {
  form: ActionForm;
  values: TeamMemberValues;
  /** Null when the viewer may not read members: the link cannot be chosen, and is kept as it is. */
  logins: LoginOption[] | null;
}) {
  const [commissionType, setCommissionType] = React.useState(
    form.value("commission_type", values.commission_type),
  );
  return (
    <div className="grid gap-5">
      <FormField name="full_name" label="Full name" error={form.fieldError("full_name")} required>
        <Input
          defaultValue={form.value("full_name", values.full_name)}
          maxLength={200}
          autoComplete="off"
          required
        />
      </FormField>
      <div className="grid gap-5 sm:grid-cols-2">
        <FormField name="email" label="Email" optional error={form.fieldError("email")}>
          <Input
            type="email"
            inputMode="email"
            autoComplete="off"
            defaultValue={form.value("email", values.email)}
          />
        </FormField>
        <FormField
          name="external_id"
          label="GoHighLevel user ID"
          optional
          hint="Matches their payments from GoHighLevel."
          error={form.fieldError("external_id")}
        >
          <Input
            defaultValue={form.value("external_id", values.external_id)}
            maxLength={255}
            autoComplete="off"
          />
        </FormField>
      </div>
      <FormField name="member_type" label="Type" error={form.fieldError("member_type")}>
        <NativeSelect defaultValue={form.value("member_type", values.member_type)}>
          <option value="sales">Sales</option>
          <option value="support">Support</option>
          <option value="operations">Operations</option>
        </NativeSelect>
      </FormField>
      <div className="grid gap-5 sm:grid-cols-2">
        <FormField name="commission_type" label="Commission" error={form.fieldError("commission_type")}>
          <NativeSelect
            value={commissionType}
            onChange={(e) => setCommissionType(e.currentTarget.value as TeamMemberValues["commission_type"])}
          >
            <option value="percentage">Percentage of the sale</option>
            <option value="flat">Flat amount per sale</option>
          </NativeSelect>
        </FormField>
        <FormField
          name="commission_rate"
          label={commissionType === "percentage" ? "Rate (%)" : "Amount"}
          optional
          error={form.fieldError("commission_rate")}
        >
          <Input
            type="number"
            inputMode="decimal"
            min={0}
            max={commissionType === "percentage" ? 100 : undefined}
            step="0.01"
            defaultValue={form.value("commission_rate", values.commission_rate)}
          />
        </FormField>
      </div>
      {logins ? (
        <FormField
          name="user_id"
          label="Linked login"
          optional
          hint="Link them to a member's account so their sales and commissions show up for them."
          error={form.fieldError("user_id")}
        >
          <NativeSelect defaultValue={form.value("user_id", values.user_id)}>
            <option value="">No login</option>
            {logins.map((login) => (
              <option key={login.userId} value={login.userId}>
                {login.label}
              </option>
            ))}
          </NativeSelect>
        </FormField>
      ) : (
        <input type="hidden" name="user_id" value={values.user_id} />
      )}
    </div>
  );
}
