import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Modal } from '../ui/Modal';
import { adminKeys, isInvitePending, teamIdsOf, useTeams, useUsers, type AdminUser } from './admin.api';
import { AgentFields } from './AgentFields';
import { agentDraft, agentPatchBody, inviteBody } from './forms';
import { AdminForm } from './shared/AdminForm';
import { CheckboxField } from './shared/fields';
import { CopyField } from './shared/CopyField';
import { ResourcePage } from './shared/ResourcePage';
import { useSave } from './shared/useSave';

export function AgentsPage() {
  const { t } = useTranslation('admin');
  const teams = useTeams();
  const [inviting, setInviting] = useState(false);
  const teamName = (id: string) => teams.data?.find((team) => team.id === id)?.name ?? '…';

  return (
    <>
      <ResourcePage<AdminUser>
        title={t('agents.title')}
        empty={t('agents.empty')}
        query={useUsers()}
        headerActions={
          <button type="button" className="primary" onClick={() => setInviting(true)}>
            {t('agents.invite')}
          </button>
        }
        columns={[
          { header: t('fields.name'), cell: (user) => <strong>{user.name}</strong> },
          { header: t('fields.email'), cell: (user) => user.email },
          { header: t('fields.role'), cell: (user) => t(`roles.${user.role}`) },
          { header: t('fields.capacity'), cell: (user) => user.capacity, className: 'admin-number' },
          { header: t('fields.skills'), cell: (user) => <Badges values={user.skills ?? []} /> },
          { header: t('fields.teams'), cell: (user) => <Badges values={teamIdsOf(user).map(teamName)} /> },
          {
            header: t('fields.status'),
            cell: (user) => (
              <span className={`badge ${user.active && !isInvitePending(user) ? 'badge-ok' : 'badge-muted'}`}>
                {isInvitePending(user) ? t('agents.pending') : user.active ? t('agents.active') : t('agents.inactive')}
              </span>
            ),
          },
        ]}
        editor={{
          title: (user) => t('agents.edit', { name: user?.name ?? '' }),
          form: (user, close) => user && <AgentForm user={user} onDone={close} />,
        }}
      />
      {inviting && (
        <Modal title={t('agents.invite')} onClose={() => setInviting(false)}>
          <InviteForm onDone={() => setInviting(false)} />
        </Modal>
      )}
    </>
  );
}

function Badges({ values }: { values: string[] }) {
  return (
    <span className="badges">
      {values.map((value, index) => (
        <span key={`${value}-${index}`} className="badge">
          {value}
        </span>
      ))}
    </span>
  );
}

function AgentForm({ user, onDone }: { user: AdminUser; onDone: () => void }) {
  const { t } = useTranslation('admin');
  const [draft, setDraft] = useState(() => agentDraft(user));
  const save = useSave({ path: '/users', id: user.id, invalidate: [adminKeys.users, adminKeys.teams], success: t('agents.saved'), onDone });
  return (
    <AdminForm saving={save.isPending} error={save.error} onSubmit={() => save.mutate(agentPatchBody(draft))} onCancel={onDone}>
      <p className="admin-hint">{user.email}</p>
      <AgentFields draft={draft} onChange={setDraft} />
      <CheckboxField label={t('agents.activeHint')} checked={draft.active} onChange={(checked) => setDraft({ ...draft, active: checked })} />
    </AdminForm>
  );
}

function InviteForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation('admin');
  const [draft, setDraft] = useState(() => agentDraft(null));
  const save = useSave<ReturnType<typeof inviteBody>, { user: AdminUser; inviteUrl: string }>({
    path: '/users/invitations',
    invalidate: [adminKeys.users, adminKeys.teams],
    success: t('agents.invited'),
  });

  if (save.data) {
    return (
      <div className="form">
        <p>{t('agents.inviteExplain', { name: save.data.user.name, email: save.data.user.email })}</p>
        <CopyField label={t('agents.inviteLink')} value={save.data.inviteUrl} rows={2} testId="invite-url" />
        <div className="admin-form-actions">
          <button type="button" className="primary" onClick={onDone}>
            {t('actions.done')}
          </button>
        </div>
      </div>
    );
  }

  return (
    <AdminForm saving={save.isPending} error={save.error} onSubmit={() => save.mutate(inviteBody(draft))} onCancel={onDone} submitLabel={t('agents.sendInvite')}>
      <label>
        {t('fields.email')}
        <input type="email" required maxLength={320} value={draft.email} onChange={(event) => setDraft({ ...draft, email: event.target.value })} />
      </label>
      <AgentFields draft={draft} onChange={setDraft} />
    </AdminForm>
  );
}
