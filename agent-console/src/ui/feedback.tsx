import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client';

export function Spinner({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="spinner" role="status" aria-live="polite">
      <span className="spinner-dot" aria-hidden="true" />
      {label ?? t('loading')}
    </div>
  );
}

/** A server or network error in words; `retry` offers to try again. */
export function ErrorMessage({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <div className="error-message" role="alert">
      <span>{errorMessage(error)}</span>
      {retry && (
        <button type="button" className="link" onClick={retry}>
          {t('retry')}
        </button>
      )}
    </div>
  );
}
