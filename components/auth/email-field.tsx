import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";

/** The email field of the auth forms (named `email`, as their schemas expect). */
export function EmailField({
  label = "Email",
  error,
  defaultValue,
  autoFocus,
}: {
  label?: string;
  error?: string;
  defaultValue?: string;
  autoFocus?: boolean;
}) {
  return (
    <FormField name="email" label={label} error={error} required>
      <Input
        type="email"
        autoComplete="email"
        inputMode="email"
        placeholder="you@company.com"
        defaultValue={defaultValue}
        autoFocus={autoFocus}
        required
      />
    </FormField>
  );
}
