import { NativeSelect } from "@/components/ui/select";
import { roleLabels, type Role } from "@/lib/organizations/schema";

/** A native select of roles (keyboard and the phone's own picker work as usual). */
export function RoleSelect({
  roles,
  ...props
}: Omit<React.ComponentProps<typeof NativeSelect>, "children"> & { roles: readonly Role[] }) {
  return (
    <NativeSelect {...props}>
      {roles.map((role) => (
        <option key={role} value={role}>
          {roleLabels[role]}
        </option>
      ))}
    </NativeSelect>
  );
}
