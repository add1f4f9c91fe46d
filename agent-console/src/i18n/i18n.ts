import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import adminEn from './locales/en/admin.json';
import commonEn from './locales/en/common.json';
import workspaceEn from './locales/en/workspace.json';
import adminZh from './locales/zh-CN/admin.json';
import commonZh from './locales/zh-CN/common.json';
import workspaceZh from './locales/zh-CN/workspace.json';
import type { Locale } from '../../../src/contracts/enums';

const STORAGE_KEY = 'cc.locale';

/** Before login: the last language used on this browser, else the browser's own. */
function initialLocale(): Locale {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'zh-CN') return stored;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  lng: initialLocale(),
  fallbackLng: 'en',
  ns: ['common', 'workspace', 'admin'],
  defaultNS: 'common',
  resources: {
    en: { common: commonEn, workspace: workspaceEn, admin: adminEn },
    'zh-CN': { common: commonZh, workspace: workspaceZh, admin: adminZh },
  },
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});

export function toLocale(value: string | undefined): Locale {
  return value === 'zh-CN' ? 'zh-CN' : 'en';
}

export function applyLocale(locale: Locale): void {
  localStorage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
  void i18n.changeLanguage(locale);
}
