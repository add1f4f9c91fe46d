import { useTranslation } from 'react-i18next';

export interface PickerOption {
  id: string;
  primary: string;
  secondary?: string;
}

/** The suggestion list under the composer; the textarea keeps focus and drives it with the arrow keys. */
export function Picker({ options, active, onPick, loading, label }: { options: PickerOption[]; active: number; onPick: (index: number) => void; loading: boolean; label: string }) {
  const { t } = useTranslation('workspace');
  return (
    <ul className="ws-picker" role="listbox" aria-label={label} data-testid="picker">
      {loading && options.length === 0 && <li className="ws-picker-empty">{t('composer.searching')}</li>}
      {!loading && options.length === 0 && <li className="ws-picker-empty">{t('composer.noMatches')}</li>}
      {options.map((option, index) => (
        <li
          key={option.id}
          role="option"
          aria-selected={index === active}
          className={index === active ? 'active' : ''}
          onMouseDown={(event) => {
            event.preventDefault();
            onPick(index);
          }}
        >
          <strong>{option.primary}</strong>
          {option.secondary && <span className="ws-picker-secondary">{option.secondary}</span>}
        </li>
      ))}
    </ul>
  );
}
