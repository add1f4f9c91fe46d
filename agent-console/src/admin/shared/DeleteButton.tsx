import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../api/client';
import { Modal } from '../../ui/Modal';
import { ServerError } from './ServerError';
import { useAdminMutation } from './useAdminMutation';

/** "Delete" that asks first, then DELETEs `path` and reloads `invalidate`. */
export function DeleteButton({ path, name, invalidate }: { path: string; name: string; invalidate: readonly string[] }) {
  const { t } = useTranslation('admin');
  const [asking, setAsking] = useState(false);
  const remove = useAdminMutation({
    mutationFn: () => request(path, { method: 'DELETE' }),
    invalidate: [invalidate],
    success: t('confirmDelete.done', { name }),
    onSuccess: () => setAsking(false),
  });
  return (
    <>
      <button type="button" className="danger" onClick={() => setAsking(true)}>
        {t('actions.delete')}
      </button>
      {asking && (
        <Modal title={t('confirmDelete.title')} onClose={() => setAsking(false)}>
          <div className="form">
            <p>{t('confirmDelete.question', { name })}</p>
            <ServerError error={remove.error} />
            <div className="admin-form-actions">
              <button type="button" className="primary danger-fill" disabled={remove.isPending} onClick={() => remove.mutate()}>
                {remove.isPending ? t('actions.deleting') : t('actions.confirmDelete')}
              </button>
              <button type="button" onClick={() => setAsking(false)} disabled={remove.isPending}>
                {t('actions.cancel')}
              </button>
            </div>
          </div>
        </Modal>
      )}
    </>
  );
}
