import { useTranslation } from 'react-i18next';
import { useTeams } from '../admin.api';
import { SelectField } from './fields';

/** The team that gets an inbox's work, or none. */
export function TeamSelect({ value, onChange }: { value: string; onChange: (teamId: string) => void }) {
  const { t } = useTranslation('admin');
  const teams = useTeams();
  return (
    <SelectField
      label={t('fields.team')}
      value={value}
      options={[{ value: '', label: t('inboxes.noTeam') }, ...(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))]}
      onChange={onChange}
    />
  );
}
