import type { ReactNode } from 'react';
import { FormActions } from './FormActions';

/** An admin form: fields, then the server's refusal in words and submit/cancel; submit is disabled while saving. */
export function AdminForm({
  saving,
  error,
  onSubmit,
  onCancel,
  submitLabel,
  children,
  className,
}: {
  saving: boolean;
  error: unknown;
  onSubmit: () => void;
  onCancel?: () => void;
  submitLabel?: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <form
      className={`form ${className ?? ''}`}
      onSubmit={(event) => {
        event.preventDefault();
        if (!saving) onSubmit();
      }}
    >
      {children}
      <FormActions error={error} saving={saving} submitLabel={submitLabel} onCancel={onCancel} />
    </form>
  );
}
