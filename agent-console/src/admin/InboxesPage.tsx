import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import type { Channel } from '../api/types';
import { adminKeys, CHANNELS, useEmailInboxes, useInboxes, useTeams, type AdminInbox, type EmailInbox } from './admin.api';
import { inboxCreateBody, inboxDraft } from './forms';
import { AdminForm } from './shared/AdminForm';
import { SelectField } from './shared/fields';
import { Loaded } from './shared/Loaded';
import { ResourcePage } from './shared/ResourcePage';
import { TeamSelect } from './shared/TeamSelect';
import { useSave } from './shared/useSave';

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
  const query = useEmailInboxes();
  return (
    <section className="admin-subsection">
      <h2>{t('inboxes.emailTitle')}</h2>
      <p className="admin-hint">{t('inboxes.emailExplain')}</p>
      <Loaded query={query}>
        {(items: EmailInbox[]) =>
          items.length === 0 ? (
            <p className="admin-empty">{t('inboxes.emailEmpty')}</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>{t('fields.name')}</th>
                  <th>{t('fields.address')}</th>
                  <th>{t('fields.imap')}</th>
                  <th>{t('fields.status')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((inbox) => (
                  <tr key={inbox.inboxId}>
                    <td>
                      <Link href={`/inboxes/${inbox.inboxId}`}>{inbox.name}</Link>
                    </td>
                    <td>{inbox.address}</td>
                    <td>
                      {inbox.imap.host}:{inbox.imap.port} · {inbox.imap.folder}
                    </td>
                    <td>
                      <span className={`badge ${inbox.enabled ? 'badge-ok' : 'badge-muted'}`}>{inbox.enabled ? t('inboxes.enabled') : t('inboxes.disabled')}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loaded>
    </section>
  );
}
