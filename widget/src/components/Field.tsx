import type { JSX, TargetedSubmitEvent } from 'preact';
import { useState } from 'preact/hooks';

interface FieldProps {
  label: string;
  name: string;
  error?: string;
  multiline?: boolean;
  type?: 'text' | 'email';
  required?: boolean;
  autoComplete?: string;
}

/** A labelled input with its error, announced to screen readers. */
export function Field({ label, name, error, multiline, type = 'text', required, autoComplete }: FieldProps): JSX.Element {
  const errorId = `cc-${name}-error`;
  const described = error ? errorId : undefined;
  return (
    <label>
      {label}
      {multiline ? (
        <textarea rows={3} name={name} required={required} aria-invalid={Boolean(error)} aria-describedby={described} />
      ) : (
        <input
          type={type}
          // Preact types an input whose type is a union only with its datalist spelt out.
          list={undefined}
          name={name}
          autoComplete={autoComplete}
          required={required}
          aria-invalid={Boolean(error)}
          aria-describedby={described}
        />
      )}
      {error && (
        <span class="error" id={errorId} role="alert">
          {error}
        </span>
      )}
    </label>
  );
}

export type FormValues = Record<string, string | undefined>;
export type FormErrors = Partial<Record<string, string>>;

/** A submit handler that shows what `validate` finds wrong, or hands the trimmed values on. */
export function useFormSubmit(validate: (values: FormValues) => FormErrors, onValid: (values: FormValues) => void) {
  const [errors, setErrors] = useState<FormErrors>({});
  const submit = (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const values: FormValues = {};
    new FormData(event.currentTarget).forEach((value, key) => {
      values[key] = String(value).trim();
    });
    const found = validate(values);
    setErrors(found);
    if (Object.keys(found).length === 0) onValid(values);
  };
  return { errors, submit };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}
