import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { useMe, useSession } from '../auth/session.store';
import { LanguageSwitch } from './LanguageSwitch';
import { PreferencesDialog } from './PreferencesDialog';
import { PresenceControl } from './PresenceControl';

/** The signed-in frame: navigation, presence, language and the user's menu around the page. */
export function Shell({ children, headerExtras }: { children: ReactNode; headerExtras?: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  const logout = useSession((state) => state.logout);
  // The full hash path: under the nested /admin route wouter's own location is relative to it.
  const [location] = useHashLocation();
  const inAdmin = location.startsWith('/admin');
  const [preferencesOpen, setPreferencesOpen] = useState(false);

  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">{t('brand')}</span>
        <nav aria-label={t('nav.label')}>
          {/* "~" escapes the nested /admin route: these links are absolute. */}
          <Link href="~/" className={inAdmin ? '' : 'active'} aria-current={inAdmin ? undefined : 'page'}>
            {t('nav.conversations')}
          </Link>
          {me.role === 'ADMIN' && (
            <Link href="~/admin" className={inAdmin ? 'active' : ''} aria-current={inAdmin ? 'page' : undefined}>
              {t('nav.admin')}
            </Link>
          )}
        </nav>
        <div className="topbar-right">
          <PresenceControl />
          {headerExtras}
          <LanguageSwitch />
          <button type="button" className="link" onClick={() => setPreferencesOpen(true)} title={t('preferences.title')}>
            {me.name}
          </button>
          <button type="button" onClick={() => void logout()}>
            {t('logout')}
          </button>
        </div>
      </header>
      <div className="shell-body">{children}</div>
      {preferencesOpen && <PreferencesDialog onClose={() => setPreferencesOpen(false)} />}
    </div>
  );
}
