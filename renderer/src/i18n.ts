/** Binds the shared locale files to react-i18next; the language choice is remembered. */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { i18nOptions, localeFrom, type Locale } from '../../shared/i18n/index.ts';

const LOCALE_KEY = 'tianbao.locale';

export function initialLocale(): Locale {
  return localeFrom(globalThis.localStorage?.getItem(LOCALE_KEY) ?? 'zh-CN');
}

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({ ...i18nOptions, lng: initialLocale() });

export async function changeLocale(locale: Locale): Promise<void> {
  globalThis.localStorage?.setItem(LOCALE_KEY, locale);
  document.documentElement.lang = locale;
  await i18n.changeLanguage(locale);
}
