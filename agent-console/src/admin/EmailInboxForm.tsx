import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { adminKeys, type EmailInbox } from './admin.api';
import { emailInboxBody, emailInboxDraft, type EmailInboxDraft, type ServerDraft } from './email-inbox';
import { AdminForm } from './shared/AdminForm';
import { CheckboxField, SelectField } from './shared/fields';
import { TeamSelect } from './shared/TeamSelect';
import { useSave } from './shared/useSave';

/** A mailbox read over IMAP and answered over SMTP (its own server or the shared one); secrets are write-only. */
export function EmailInboxForm({ inbox, onDone }: { inbox: EmailInbox | null; onDone: () => void }) {
  const { t } = useTranslation('admin');
  const [draft, setDraft] = useState(() => emailInboxDraft(inbox));
  const save = useSave({ path: '/email/inboxes', id: inbox?.inboxId, invalidate: [adminKeys.emailInboxes, adminKeys.inboxes], success: t('email.saved'), onDone });
  const set = (change: Partial<EmailInboxDraft>) => setDraft({ ...draft, ...change });

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
      <ServerFields legend={t('fields.imap')} server={draft.imap} onChange={(imap) => set({ imap })} secretRequired={!inbox} secretStored={Boolean(inbox?.imap.hasSecret)}>
        <SelectField<EmailInboxDraft['imapAuth']>
          label={t('fields.auth')}
          value={draft.imapAuth}
          options={[
            { value: 'PASSWORD', label: t('email.password') },
            { value: 'OAUTH2', label: t('email.oauth') },
          ]}
          onChange={(imapAuth) => set({ imapAuth })}
        />
        <label>
          {t('fields.folder')}
          <input value={draft.imapFolder} onChange={(event) => set({ imapFolder: event.target.value })} />
        </label>
      </ServerFields>
      <CheckboxField label={t('email.ownSmtp')} checked={draft.ownSmtp} onChange={(checked) => set({ ownSmtp: checked })} />
      {draft.ownSmtp && <ServerFields legend={t('fields.smtp')} server={draft.smtp} onChange={(smtp) => set({ smtp })} secretRequired={false} secretStored={Boolean(inbox?.smtp?.hasSecret)} />}
      <div className="row">
        <label className="narrow">
          {t('fields.reopenWithinDays')}
          <input type="number" min={0} max={3650} required value={draft.reopenWithinDays} onChange={(event) => set({ reopenWithinDays: event.target.value })} />
        </label>
      </div>
      <CheckboxField label={t('email.autoAcknowledge')} checked={draft.autoAcknowledge} onChange={(checked) => set({ autoAcknowledge: checked })} />
      <CheckboxField label={t('email.enabled')} checked={draft.enabled} onChange={(checked) => set({ enabled: checked })} />
    </AdminForm>
  );
}

/** Host, port, user, secret and TLS of one mail server, plus what only that server has (`children`). */
function ServerFields({
  legend,
  server,
  onChange,
  secretRequired,
  secretStored,
  children,
}: {
  legend: string;
  server: ServerDraft;
  onChange: (server: ServerDraft) => void;
  secretRequired: boolean;
  secretStored: boolean;
  children?: ReactNode;
}) {
  const { t } = useTranslation('admin');
  const set = (change: Partial<ServerDraft>) => onChange({ ...server, ...change });
  return (
    <fieldset className="admin-fieldset form">
      <legend>{legend}</legend>
      <div className="row">
        <label>
          {t('fields.host')}
          <input required value={server.host} onChange={(event) => set({ host: event.target.value })} />
        </label>
        <label className="narrow">
          {t('fields.port')}
          <input type="number" required min={1} max={65535} value={server.port} onChange={(event) => set({ port: event.target.value })} />
        </label>
      </div>
      <div className="row">
        <label>
          {t('fields.user')}
          <input required={secretRequired} value={server.user} onChange={(event) => set({ user: event.target.value })} />
        </label>
        <label>
          {t('fields.secret')}
          <input
            type="password"
            autoComplete="new-password"
            required={secretRequired}
            placeholder={secretStored ? t('email.keepSecret') : ''}
            value={server.secret}
            onChange={(event) => set({ secret: event.target.value })}
          />
        </label>
      </div>
      <div className="row">{children}</div>
      <CheckboxField label={t('fields.tls')} checked={server.tls} onChange={(checked) => set({ tls: checked })} />
    </fieldset>
  );
}
