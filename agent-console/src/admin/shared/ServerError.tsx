import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/feedback';
import { pathInWords, validationDetails } from './server-errors';

/** A failed request in words; a validation failure lists each field the server refused, by its name. */
export function ServerError({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t, i18n } = useTranslation('admin');
  const problems = validationDetails(error);
  if (!error) return null;
  if (problems.length === 0) return <ErrorMessage error={error} retry={retry} />;
  const field = (key: string) => (i18n.exists(`admin:fields.${key}`) ? t(`fields.${key}`) : undefined);
  const row = (index: number) => t('fields.row', { index });
  return (
    <div className="error-message" role="alert">
      <div>
        <p className="admin-error-title">{t('errors.invalid')}</p>
        <ul className="admin-error-list">
          {problems.map((problem, index) => {
            const where = pathInWords(problem.path, field, row);
            return <li key={index}>{where ? `${where}: ${problem.message}` : problem.message}</li>;
          })}
        </ul>
      </div>
    </div>
  );
}
