import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe, useSession } from '../auth/session.store';
import { ErrorMessage } from '../ui/feedback';
import { Modal } from '../ui/Modal';

const TIME_ZONES = Intl.supportedValuesOf('timeZone');

/** Name and time zone, stored on the user so every browser shows the same. */
export function PreferencesDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const updatePreferences = useSession((state) => state.updatePreferences);
  const logoutEverywhere = useSession((state) => state.logoutEverywhere);
  const [name, setName] = useState(me.name);
  const [timeZone, setTimeZone] = useState(me.timeZone);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function save() {
    setBusy(true);
    setError(null);
    try {
      await updatePreferences({ name, timeZone });
      onClose();
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  async function signOutEverywhere() {
    setBusy(true);
    setError(null);
    try {
      await logoutEverywhere();
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  return (
    <Modal title={t('preferences.title')} onClose={onClose}>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <label>
          {t('preferences.name')}
          <input value={name} required maxLength={200} onChange={(event) => setName(event.target.value)} />
        </label>
        <label>
          {t('preferences.timeZone')}
          <select value={timeZone} onChange={(event) => setTimeZone(event.target.value)}>
            {(TIME_ZONES.includes(timeZone) ? TIME_ZONES : [timeZone, ...TIME_ZONES]).map((zone) => (
              <option key={zone}>{zone}</option>
            ))}
          </select>
        </label>
        <ErrorMessage error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {t('save')}
        </button>
      </form>
      <section className="form" aria-label={t('preferences.sessions')}>
        <p>
          <strong>{t('preferences.sessions')}</strong> {t('preferences.logoutEverywhereHint')}
        </p>
        <button type="button" disabled={busy} onClick={() => void signOutEverywhere()}>
          {t('preferences.logoutEverywhere')}
        </button>
      </section>
    </Modal>
  );
}
