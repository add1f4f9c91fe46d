import { useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { addTags } from './tags';

/** Words as removable chips; Enter, comma or leaving the field adds what was typed. */
export function TagInput({ label, values, onChange, placeholder }: { label: string; values: string[]; onChange: (values: string[]) => void; placeholder?: string }) {
  const { t } = useTranslation('admin');
  const id = useId();
  const [text, setText] = useState('');

  function commit() {
    if (!text.trim()) return;
    onChange(addTags(values, text));
    setText('');
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault();
      commit();
    } else if (event.key === 'Backspace' && !text && values.length) {
      onChange(values.slice(0, -1));
    }
  }

  return (
    <div className="tag-input">
      <label htmlFor={id}>{label}</label>
      <div className="tag-input-box">
        {values.map((value) => (
          <span key={value} className="badge tag">
            {value}
            <button type="button" className="icon" aria-label={t('tags.remove', { value })} onClick={() => onChange(values.filter((other) => other !== value))}>
              ×
            </button>
          </span>
        ))}
        <input id={id} value={text} placeholder={placeholder ?? t('tags.placeholder')} onChange={(event) => setText(event.target.value)} onKeyDown={onKeyDown} onBlur={commit} />
      </div>
    </div>
  );
}
