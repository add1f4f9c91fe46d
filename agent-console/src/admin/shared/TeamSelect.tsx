import { useTranslation } from 'react-i18next';
import { useTeams } from '../admin.api';

/** The team that gets an inbox's work, or none. */
export function TeamSelect({ value, onChange }: { value: string; onChange: (teamId: string) => void }) {
  const { t } = useTranslation('admin');
  const teams = useTeams();
  return (
    <label>
      {t('fields.team')}
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{t('inboxes.noTeam')}</option>
        {(teams.data ?? []).map((team) => (
          <option key={team.id} value={team.id}>
            {team.name}
          </option>
        ))}
      </select>
    </label>
  );
}
