import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/client';

const PASSWORD_PROBLEMS = ['too_short', 'too_long', 'one_character', 'sequence', 'email', 'common'] as const;

/** The server names why it refused a password (`details.passwordProblem`); the console says it in the user's language. */
function passwordProblem(error: unknown): (typeof PASSWORD_PROBLEMS)[number] | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const problem = (error.details as { passwordProblem?: unknown } | undefined)?.passwordProblem;
  return PASSWORD_PROBLEMS.find((known) => known === problem);
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
  const { t } = useTranslation();
  if (!error) return null;
  const weakPassword = passwordProblem(error);
  return (
    <div className="error-message" role="alert">
      <span>{weakPassword ? t(`passwordProblem.${weakPassword}`) : errorMessage(error)}</span>
      {retry && (
        <button type="button" className="link" onClick={retry}>
          {t('retry')}
        </button>
      )}
    </div>
  );
}
