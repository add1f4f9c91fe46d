import { useTranslation } from 'react-i18next';
import { ServerError } from './ServerError';

/** The foot of every admin form: the server's refusal in words, then submit (disabled while saving) and cancel. */
export function FormActions({ error, saving, submitLabel, onCancel }: { error: unknown; saving: boolean; submitLabel?: string; onCancel?: () => void }) {
  const { t } = useTranslation('admin');
  return (
    <>
      <ServerError error={error} />
      <div className="admin-form-actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? t('actions.saving') : (submitLabel ?? t('actions.save'))}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel} disabled={saving}>
            {t('actions.cancel')}
          </button>
        )}
      </div>
    </>
  );
}
