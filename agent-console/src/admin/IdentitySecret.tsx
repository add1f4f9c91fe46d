import { useTranslation } from 'react-i18next';
import { request } from '../api/client';
import { adminKeys } from './admin.api';
import { CopyField } from './shared/CopyField';
import { ServerError } from './shared/ServerError';
import { useAdminMutation } from './shared/useAdminMutation';

/** A new HMAC secret for the website's setUser hashes; shown once, right after it is made. */
export function IdentitySecret({ inboxId }: { inboxId: string }) {
  const { t } = useTranslation('admin');
  const rotate = useAdminMutation({
    mutationFn: () => request<{ identitySecret: string }>(`/inboxes/${inboxId}/identity-secret`, { method: 'POST' }),
    invalidate: [adminKeys.inboxes],
    success: t('identity.rotated'),
  });
  return (
    <div className="form">
      <p className="admin-hint">{t('identity.explain')}</p>
      {rotate.data && (
        <>
          <CopyField label={t('identity.secret')} value={rotate.data.identitySecret} rows={2} testId="identity-secret" />
          <p className="admin-warning">{t('identity.once')}</p>
        </>
      )}
      <ServerError error={rotate.error} />
      <div className="admin-form-actions">
        <button
          type="button"
          disabled={rotate.isPending}
          onClick={() => {
            if (window.confirm(t('identity.confirm'))) rotate.mutate();
          }}
        >
          {rotate.isPending ? t('actions.saving') : t('identity.rotate')}
        </button>
      </div>
    </div>
  );
}
