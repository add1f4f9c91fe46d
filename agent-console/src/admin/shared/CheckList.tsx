export interface CheckOption {
  id: string;
  label: string;
  hint?: string;
}

/** A multi-select as a list of checkboxes (users of a team, teams of a user). */
export function CheckList({ legend, options, selected, onChange, empty }: { legend: string; options: CheckOption[]; selected: string[]; onChange: (ids: string[]) => void; empty: string }) {
  function toggle(id: string, on: boolean) {
    onChange(on ? [...selected, id] : selected.filter((other) => other !== id));
  }
  return (
    <fieldset className="check-list">
      <legend>{legend}</legend>
      {options.length === 0 && <p className="admin-hint">{empty}</p>}
      {options.map((option) => (
        <label key={option.id} className="check">
          <input type="checkbox" checked={selected.includes(option.id)} onChange={(event) => toggle(option.id, event.target.checked)} />
          <span>{option.label}</span>
          {option.hint && <span className="admin-hint">{option.hint}</span>}
        </label>
      ))}
    </fieldset>
  );
}
