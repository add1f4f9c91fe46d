import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { EmailInboxForm } from './EmailInboxForm';
import { adminKeys, useEmailInboxes, useInboxes, useTeams, type AdminInbox, type EmailInbox } from './admin.api';
import { inboxCreateBody, inboxDraft } from './forms';
import { AdminForm } from './shared/AdminForm';
import { SelectField } from './shared/fields';
import { ResourcePage } from './shared/ResourcePage';
import { TeamSelect } from './shared/TeamSelect';
import { useSave } from './shared/useSave';
import { CHANNELS, type Channel } from '../../../src/contracts/enums';

/** E-mail inboxes need mail servers: they are made through /api/email/inboxes, not here. */
const CREATABLE: readonly Channel[] = CHANNELS.filter((channel) => channel !== 'EMAIL');

export function InboxesPage() {
  const { t } = useTranslation('admin');
  const teams = useTeams();
  const teamName = (id: string | null) => teams.data?.find((team) => team.id === id)?.name ?? '—';

  return (
    <>
      <ResourcePage<AdminInbox>
        title={t('inboxes.title')}
        newLabel={t('inboxes.new')}
        empty={t('inboxes.empty')}
        query={useInboxes()}
        columns={[
          { header: t('fields.name'), cell: (inbox) => <Link href={`/inboxes/${inbox.id}`}>{inbox.name}</Link> },
          { header: t('fields.channel'), cell: (inbox) => <span className="badge">{t(`channels.${inbox.channel}`)}</span> },
          { header: t('fields.team'), cell: (inbox) => teamName(inbox.teamId) },
        ]}
        rowActions={(inbox) => (
          <Link href={`/inboxes/${inbox.id}`} className="button-link">
            {inbox.channel === 'WEBCHAT' ? t('inboxes.settings') : t('actions.edit')}
          </Link>
        )}
        editor={{ title: () => t('inboxes.new'), form: (_inbox, close) => <NewInboxForm onDone={close} /> }}
      />
      <EmailInboxes />
    </>
  );
}

function NewInboxForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation('admin');
  const [, navigate] = useLocation();
  const [draft, setDraft] = useState(() => inboxDraft(null));
  const save = useSave<ReturnType<typeof inboxCreateBody>, { inbox: AdminInbox }>({
    path: '/inboxes',
    invalidate: [adminKeys.inboxes],
    success: t('inboxes.created'),
    onDone: ({ inbox }) => {
      onDone();
      navigate(`/inboxes/${inbox.id}`);
    },
  });
  return (
    <AdminForm saving={save.isPending} error={save.error} onSubmit={() => save.mutate(inboxCreateBody(draft))} onCancel={onDone} submitLabel={t('actions.create')}>
      <label>
        {t('fields.name')}
        <input required maxLength={200} value={draft.name} onChange={(event) => setDraft({ ...draft, name: event.target.value })} />
      </label>
      <SelectField<Channel>
        label={t('fields.channel')}
        value={draft.channel}
        options={CREATABLE.map((channel) => ({ value: channel, label: t(`channels.${channel}`) }))}
        onChange={(channel) => setDraft({ ...draft, channel })}
        hint={t('inboxes.emailHint')}
      />
      <TeamSelect value={draft.teamId} onChange={(teamId) => setDraft({ ...draft, teamId })} />
    </AdminForm>
  );
}

function EmailInboxes() {
  const { t } = useTranslation('admin');
  return (
    <div className="admin-subsection">
      <ResourcePage<EmailInbox>
        title={t('inboxes.emailTitle')}
        headingLevel={2}
        newLabel={t('email.new')}
        empty={t('inboxes.emailEmpty')}
        query={useEmailInboxes()}
        columns={[
          { header: t('fields.name'), cell: (inbox) => <Link href={`/inboxes/${inbox.inboxId}`}>{inbox.name}</Link> },
          { header: t('fields.address'), cell: (inbox) => inbox.address },
          { header: t('fields.imap'), cell: (inbox) => `${inbox.imap.host}:${inbox.imap.port} · ${inbox.imap.folder}` },
          {
            header: t('fields.status'),
            cell: (inbox) => <span className={`badge ${inbox.enabled ? 'badge-ok' : 'badge-muted'}`}>{inbox.enabled ? t('inboxes.enabled') : t('inboxes.disabled')}</span>,
          },
        ]}
        editor={{
          title: (inbox) => (inbox ? t('email.edit', { name: inbox.name }) : t('email.new')),
          form: (inbox, close) => <EmailInboxForm inbox={inbox} onDone={close} />,
        }}
      />
      <p className="admin-hint">{t('inboxes.emailExplain')}</p>
    </div>
  );
}
