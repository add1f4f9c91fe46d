import { useTranslation } from 'react-i18next';
import { useTeams } from './admin.api';
import type { AgentDraft } from './forms';
import { CheckList } from './shared/CheckList';
import { SelectField } from './shared/fields';
import { TagInput } from './shared/TagInput';
import { ROLES, type Role } from '../../../src/contracts/enums';

/** Name, role, capacity, skills and teams: the fields an invitation and an edit share. */
export function AgentFields({ draft, onChange }: { draft: AgentDraft; onChange: (draft: AgentDraft) => void }) {
  const { t } = useTranslation('admin');
  const teams = useTeams();
  return (
    <>
      <label>
        {t('fields.name')}
        <input required maxLength={200} value={draft.name} onChange={(event) => onChange({ ...draft, name: event.target.value })} />
      </label>
      <div className="row">
        <SelectField<Role> label={t('fields.role')} value={draft.role} options={ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))} onChange={(role) => onChange({ ...draft, role })} />
        <label>
          {t('fields.capacity')}
          <input type="number" required min={1} max={100} value={draft.capacity} onChange={(event) => onChange({ ...draft, capacity: event.target.value })} />
        </label>
      </div>
      <TagInput label={t('fields.skills')} values={draft.skills} onChange={(skills) => onChange({ ...draft, skills })} placeholder={t('agents.skillsPlaceholder')} />
      <CheckList
        legend={t('fields.teams')}
        options={(teams.data ?? []).map((team) => ({ id: team.id, label: team.name }))}
        selected={draft.teamIds}
        onChange={(teamIds) => onChange({ ...draft, teamIds })}
        empty={t('agents.noTeams')}
      />
    </>
  );
}
