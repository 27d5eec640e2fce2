"use client";

import type { ActionForm } from "@/components/forms/action-dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";

export type ContactValues = {
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  company_name: string;
  /** Comma-separated, as typed. */
  tags: string;
};

export const emptyContact: ContactValues = {
  first_name: "",
  last_name: "",
  email: "",
  phone: "",
  company_name: "",
  tags: "",
};

/** The fields of the add / edit contact dialog. */
export function ContactFields({ form, values }: { form: ActionForm; values: ContactValues }) {
  const text = (name: keyof ContactValues) => form.value(name, values[name]);
  return (
    <div className="grid gap-5">
      <div className="grid gap-5 sm:grid-cols-2">
        <FormField name="first_name" label="First name" optional error={form.fieldError("first_name")}>
          <Input defaultValue={text("first_name")} maxLength={200} autoComplete="off" />
        </FormField>
        <FormField name="last_name" label="Last name" optional error={form.fieldError("last_name")}>
          <Input defaultValue={text("last_name")} maxLength={200} autoComplete="off" />
        </FormField>
      </div>
      <div className="grid gap-5 sm:grid-cols-2">
        <FormField name="email" label="Email" optional error={form.fieldError("email")}>
          <Input
            type="email"
            inputMode="email"
            defaultValue={text("email")}
            maxLength={320}
            autoComplete="off"
          />
        </FormField>
        <FormField name="phone" label="Phone" optional error={form.fieldError("phone")}>
          <Input type="tel" inputMode="tel" defaultValue={text("phone")} maxLength={40} autoComplete="off" />
        </FormField>
      </div>
      <FormField name="company_name" label="Company" optional error={form.fieldError("company_name")}>
        <Input defaultValue={text("company_name")} maxLength={200} autoComplete="off" />
      </FormField>
      <FormField
        name="tags"
        label="Tags"
        optional
        hint="Separate tags with commas, e.g. vip, roof repair."
        error={form.fieldError("tags")}
      >
        <Input defaultValue={text("tags")} maxLength={2000} autoComplete="off" />
      </FormField>
    </div>
  );
}
