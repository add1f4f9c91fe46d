import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Read-only text with a Copy button; where the clipboard is refused the text is selected for Ctrl+C instead. */
export function CopyField({ label, value, rows = 1, testId }: { label: string; value: string; rows?: number; testId?: string }) {
  const { t } = useTranslation('admin');
  const field = useRef<HTMLTextAreaElement>(null);
  const [state, setState] = useState<'idle' | 'copied' | 'selected'>('idle');

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      field.current?.focus();
      field.current?.select();
      setState('selected');
    }
  }

  return (
    <div className="copy-field">
      <label>
        {label}
        <textarea ref={field} readOnly rows={rows} value={value} data-testid={testId} onFocus={(event) => event.target.select()} />
      </label>
      <div className="row">
        <button type="button" onClick={() => void copy()}>
          {t('copy.button')}
        </button>
        <span className="admin-hint" role="status">
          {state === 'copied' && t('copy.copied')}
          {state === 'selected' && t('copy.selected')}
        </span>
      </div>
    </div>
  );
}
