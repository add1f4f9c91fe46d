import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { useMe, useSession } from '../auth/session.store';
import { LanguageSwitch } from './LanguageSwitch';
import { PreferencesDialog } from './PreferencesDialog';
import { PresenceControl } from './PresenceControl';

/** The signed-in frame: navigation, presence, language and the user's menu around the page. */
export function Shell({ children, headerExtras }: { children: ReactNode; headerExtras?: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  const logout = useSession((state) => state.logout);
  const [location] = useLocation();
  const [preferencesOpen, setPreferencesOpen] = useState(false);

  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">{t('brand')}</span>
        <nav aria-label={t('nav.label')}>
          <Link href="/" className={location.startsWith('/admin') ? '' : 'active'}>
            {t('nav.conversations')}
          </Link>
          {me.role === 'ADMIN' && (
            <Link href="/admin" className={location.startsWith('/admin') ? 'active' : ''}>
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
