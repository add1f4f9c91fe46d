import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminKeys, memberIdsOf, useTeams, useUsers, type AdminTeam } from './admin.api';
import { teamBody, teamDraft } from './forms';
import { AdminForm } from './shared/AdminForm';
import { CheckList } from './shared/CheckList';
import { SelectField } from './shared/fields';
import { ResourcePage } from './shared/ResourcePage';
import { useSave } from './shared/useSave';
import { ROUTING_POLICIES, type RoutingPolicy } from '../../../src/contracts/enums';

export function TeamsPage() {
  const { t } = useTranslation('admin');
  const teams = useTeams();
  const users = useUsers();
  const userName = (id: string) => users.data?.find((user) => user.id === id)?.name ?? '…';
  const teamName = (id: string | null) => teams.data?.find((team) => team.id === id)?.name ?? '';

  return (
    <ResourcePage<AdminTeam>
      title={t('teams.title')}
      newLabel={t('teams.new')}
      empty={t('teams.empty')}
      query={teams}
      columns={[
        { header: t('fields.name'), cell: (team) => <strong>{team.name}</strong> },
        { header: t('fields.routingPolicy'), cell: (team) => t(`policies.${team.routingPolicy}`) },
        {
          header: t('fields.members'),
          className: 'admin-wide',
          cell: (team) => (
            <span className="badges" data-testid={`members-${team.name}`}>
              {memberIdsOf(team).map((id) => (
                <span key={id} className="badge">
                  {userName(id)}
                </span>
              ))}
            </span>
          ),
        },
        {
          header: t('fields.overflow'),
          cell: (team) => (team.overflowTeamId ? t('teams.overflowAfter', { team: teamName(team.overflowTeamId), seconds: team.overflowAfterSeconds ?? 0 }) : '—'),
        },
      ]}
      editor={{
        title: (team) => (team ? t('teams.edit', { name: team.name }) : t('teams.new')),
        form: (team, close) => <TeamForm team={team} teams={teams.data ?? []} onDone={close} />,
      }}
    />
  );
}

function TeamForm({ team, teams, onDone }: { team: AdminTeam | null; teams: AdminTeam[]; onDone: () => void }) {
  const { t } = useTranslation('admin');
  const users = useUsers();
  const [draft, setDraft] = useState(() => teamDraft(team));
  const save = useSave({ path: '/teams', id: team?.id, invalidate: [adminKeys.teams, adminKeys.users], success: t('teams.saved'), onDone });
  const userOptions = (users.data ?? []).map((user) => ({ id: user.id, label: user.name, hint: t(`roles.${user.role}`) }));

  return (
    <AdminForm saving={save.isPending} error={save.error} onSubmit={() => save.mutate(teamBody(draft, !team))} onCancel={onDone}>
      <label>
        {t('fields.name')}
        <input required maxLength={100} value={draft.name} onChange={(event) => setDraft({ ...draft, name: event.target.value })} />
      </label>
      <label>
        {t('fields.description')}
        <textarea rows={2} maxLength={500} value={draft.description} onChange={(event) => setDraft({ ...draft, description: event.target.value })} />
      </label>
      <SelectField<RoutingPolicy>
        label={t('fields.routingPolicy')}
        value={draft.routingPolicy}
        options={ROUTING_POLICIES.map((policy) => ({ value: policy, label: t(`policies.${policy}`) }))}
        onChange={(routingPolicy) => setDraft({ ...draft, routingPolicy })}
        hint={t(`policyHints.${draft.routingPolicy}`)}
      />
      <CheckList legend={t('fields.members')} options={userOptions} selected={draft.memberIds} onChange={(memberIds) => setDraft({ ...draft, memberIds })} empty={t('teams.noUsers')} />
      {team && (
        <fieldset className="admin-fieldset">
          <legend>{t('fields.overflow')}</legend>
          <div className="row">
            <SelectField
              label={t('fields.overflowTeamId')}
              value={draft.overflowTeamId}
              options={[{ value: '', label: t('teams.noOverflow') }, ...teams.filter((other) => other.id !== team.id).map((other) => ({ value: other.id, label: other.name }))]}
              onChange={(overflowTeamId) => setDraft({ ...draft, overflowTeamId })}
            />
            <label>
              {t('fields.overflowAfterSeconds')}
              <input
                type="number"
                min={10}
                max={604800}
                required={Boolean(draft.overflowTeamId)}
                disabled={!draft.overflowTeamId}
                value={draft.overflowAfterSeconds}
                onChange={(event) => setDraft({ ...draft, overflowAfterSeconds: event.target.value })}
              />
            </label>
          </div>
        </fieldset>
      )}
    </AdminForm>
  );
}
