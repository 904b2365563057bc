import type { Role } from '@ratify/schema';
import { useId } from 'react';
import { ROLE_LABELS } from '../access';

/** A labelled role <select>; the label is visible when `visibleLabel` is given. */
export function RoleSelect({
  label,
  visibleLabel,
  value,
  roles,
  disabled = false,
  onChange,
}: {
  label: string;
  visibleLabel?: string;
  value: Role;
  roles: readonly Role[];
  disabled?: boolean;
  onChange: (role: Role) => void;
}) {
  const id = useId();
  const select = (
    <select
      id={id}
      aria-label={visibleLabel ? undefined : label}
      value={value}
      disabled={disabled}
      onChange={(event) => onChange(event.target.value as Role)}
    >
      {roles.map((role) => (
        <option key={role} value={role}>
          {ROLE_LABELS[role]}
        </option>
      ))}
    </select>
  );
  if (!visibleLabel) return select;
  return (
    <span className="field-input">
      <label htmlFor={id}>{visibleLabel}</label>
      {select}
    </span>
  );
}
