import { useTranslation } from 'react-i18next';
import { applyLocale } from '../i18n/i18n';
import { useSession } from '../auth/session.store';
import { showError } from '../ui/toasts';
import { LOCALES, type Locale } from '../../../src/contracts/enums';

const NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };

/** Switches the language now and, when signed in, remembers it on the user. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const signedIn = useSession((state) => state.status === 'signedIn');
  const updatePreferences = useSession((state) => state.updatePreferences);

  function choose(locale: Locale) {
    applyLocale(locale);
    if (signedIn) updatePreferences({ locale }).catch(showError);
  }

  return (
    <label className="language-switch">
      <span className="visually-hidden">{t('language')}</span>
      <select value={i18n.language} onChange={(event) => choose(event.target.value as Locale)} data-testid="language-switch">
        {LOCALES.map((locale) => (
          <option key={locale} value={locale}>
            {NAMES[locale]}
          </option>
        ))}
      </select>
    </label>
  );
}
