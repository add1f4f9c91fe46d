import type { JSX, TargetedSubmitEvent } from 'preact';

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

/** The trimmed text of every field of a submitted form. */
export function formValues(event: TargetedSubmitEvent<HTMLFormElement>): Record<string, string> {
  event.preventDefault();
  const values: Record<string, string> = {};
  new FormData(event.currentTarget).forEach((value, key) => {
    values[key] = String(value).trim();
  });
  return values;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}
