import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/client';

/** The server names why it refused a password (`details.passwordProblem`, see domain/password-policy.ts). */
function passwordProblem(error: unknown): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const problem = (error.details as { passwordProblem?: unknown } | undefined)?.passwordProblem;
  return typeof problem === 'string' ? problem : undefined;
}

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
  const { t, i18n } = useTranslation();
  if (!error) return null;
  // Said in the user's language when the console knows the reason; the server's own words otherwise.
  const weakPassword = passwordProblem(error);
  const words = weakPassword && i18n.exists(`passwordProblem.${weakPassword}`) ? t(`passwordProblem.${weakPassword}`) : errorMessage(error);
  return (
    <div className="error-message" role="alert">
      <span>{words}</span>
      {retry && (
        <button type="button" className="link" onClick={retry}>
          {t('retry')}
        </button>
      )}
    </div>
  );
}
