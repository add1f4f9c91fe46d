import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminKeys, type EmailInbox } from './admin.api';
import { emailInboxBody, emailInboxDraft, type EmailInboxDraft } from './email-inbox';
import { AdminForm } from './shared/AdminForm';
import { SelectField } from './shared/fields';
import { TeamSelect } from './shared/TeamSelect';
import { useSave } from './shared/useSave';

/** A mailbox read over IMAP and answered over SMTP (its own server or the shared one); secrets are write-only. */
export function EmailInboxForm({ inbox, onDone }: { inbox: EmailInbox | null; onDone: () => void }) {
  const { t } = useTranslation('admin');
  const [draft, setDraft] = useState(() => emailInboxDraft(inbox));
  const save = useSave({ path: '/email/inboxes', id: inbox?.inboxId, invalidate: [adminKeys.emailInboxes, adminKeys.inboxes], success: t('email.saved'), onDone });
  const set = (change: Partial<EmailInboxDraft>) => setDraft({ ...draft, ...change });
  const keep = t('email.keepSecret');

  return (
    <AdminForm saving={save.isPending} error={save.error} onSubmit={() => save.mutate(emailInboxBody(draft, !inbox))} onCancel={onDone}>
      <label>
        {t('fields.name')}
        <input required maxLength={200} value={draft.name} onChange={(event) => set({ name: event.target.value })} />
      </label>
      <TeamSelect value={draft.teamId} onChange={(teamId) => set({ teamId })} />
      <div className="row">
        <label>
          {t('fields.address')}
          <input type="email" required value={draft.address} onChange={(event) => set({ address: event.target.value })} />
        </label>
        <label>
          {t('fields.displayName')}
          <input maxLength={200} value={draft.displayName} onChange={(event) => set({ displayName: event.target.value })} />
        </label>
      </div>
      <fieldset className="admin-fieldset form">
        <legend>{t('fields.imap')}</legend>
        <div className="row">
          <label>
            {t('fields.host')}
            <input required value={draft.imapHost} onChange={(event) => set({ imapHost: event.target.value })} />
          </label>
          <label className="narrow">
            {t('fields.port')}
            <input type="number" required min={1} max={65535} value={draft.imapPort} onChange={(event) => set({ imapPort: event.target.value })} />
          </label>
        </div>
        <div className="row">
          <label>
            {t('fields.user')}
            <input required value={draft.imapUser} onChange={(event) => set({ imapUser: event.target.value })} />
          </label>
          <SelectField<EmailInboxDraft['imapAuth']>
            label={t('fields.auth')}
            value={draft.imapAuth}
            options={[
              { value: 'PASSWORD', label: t('email.password') },
              { value: 'OAUTH2', label: t('email.oauth') },
            ]}
            onChange={(imapAuth) => set({ imapAuth })}
          />
        </div>
        <label>
          {t('fields.secret')}
          <input type="password" autoComplete="new-password" required={!inbox} placeholder={inbox?.imap.hasSecret ? keep : ''} value={draft.imapSecret} onChange={(event) => set({ imapSecret: event.target.value })} />
        </label>
        <div className="row">
          <label>
            {t('fields.folder')}
            <input value={draft.imapFolder} onChange={(event) => set({ imapFolder: event.target.value })} />
          </label>
          <label className="check">
            <input type="checkbox" checked={draft.imapTls} onChange={(event) => set({ imapTls: event.target.checked })} />
            <span>{t('fields.tls')}</span>
          </label>
        </div>
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={draft.ownSmtp} onChange={(event) => set({ ownSmtp: event.target.checked })} />
        <span>{t('email.ownSmtp')}</span>
      </label>
      {draft.ownSmtp && (
        <fieldset className="admin-fieldset form">
          <legend>{t('fields.smtp')}</legend>
          <div className="row">
            <label>
              {t('fields.host')}
              <input required value={draft.smtpHost} onChange={(event) => set({ smtpHost: event.target.value })} />
            </label>
            <label className="narrow">
              {t('fields.port')}
              <input type="number" required min={1} max={65535} value={draft.smtpPort} onChange={(event) => set({ smtpPort: event.target.value })} />
            </label>
          </div>
          <div className="row">
            <label>
              {t('fields.user')}
              <input value={draft.smtpUser} onChange={(event) => set({ smtpUser: event.target.value })} />
            </label>
            <label>
              {t('fields.secret')}
              <input type="password" autoComplete="new-password" placeholder={inbox?.smtp?.hasSecret ? keep : ''} value={draft.smtpSecret} onChange={(event) => set({ smtpSecret: event.target.value })} />
            </label>
          </div>
          <label className="check">
            <input type="checkbox" checked={draft.smtpTls} onChange={(event) => set({ smtpTls: event.target.checked })} />
            <span>{t('fields.tls')}</span>
          </label>
        </fieldset>
      )}
      <div className="row">
        <label className="narrow">
          {t('fields.reopenWithinDays')}
          <input type="number" min={0} max={3650} required value={draft.reopenWithinDays} onChange={(event) => set({ reopenWithinDays: event.target.value })} />
        </label>
      </div>
      <label className="check">
        <input type="checkbox" checked={draft.autoAcknowledge} onChange={(event) => set({ autoAcknowledge: event.target.checked })} />
        <span>{t('email.autoAcknowledge')}</span>
      </label>
      <label className="check">
        <input type="checkbox" checked={draft.enabled} onChange={(event) => set({ enabled: event.target.checked })} />
        <span>{t('email.enabled')}</span>
      </label>
    </AdminForm>
  );
}
