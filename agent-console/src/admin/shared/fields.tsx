import type { ReactNode } from 'react';

export interface SelectOption {
  value: string;
  label: string;
}

/** A labelled <select>; `hint` goes under it. */
export function SelectField<T extends string>({
  label,
  value,
  options,
  onChange,
  hint,
  className,
}: {
  label: ReactNode;
  value: T;
  options: SelectOption[];
  onChange: (value: T) => void;
  hint?: string;
  className?: string;
}) {
  return (
    <label className={className}>
      {label}
      <select value={value} onChange={(event) => onChange(event.target.value as T)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {hint && <span className="admin-hint">{hint}</span>}
    </label>
  );
}

/** A colour picker with its "#rrggbb" beside it. */
export function ColorField({ label, value, onChange }: { label: string; value: string; onChange: (color: string) => void }) {
  return (
    <label>
      {label}
      <span className="row">
        <input type="color" value={value} onChange={(event) => onChange(event.target.value)} />
        <code>{value}</code>
      </span>
    </label>
  );
}

/** A checkbox with its words to the right. */
export function CheckboxField({ label, checked, onChange }: { label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className="check">
      <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <span>{label}</span>
    </label>
  );
}
