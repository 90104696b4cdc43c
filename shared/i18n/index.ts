/**
 * One i18next setup for every host. `createTranslator` gives an isolated instance (CLI, tests,
 * Electron main); the renderer binds the same resources to react-i18next.
 */
import i18next, { type i18n as I18n, type TFunction } from 'i18next';
import type { Message } from './message.ts';
import { DEFAULT_LOCALE, LOCALES, NAMESPACES, resources, type Locale } from './resources.ts';

export { DEFAULT_LOCALE, LOCALES, NAMESPACES, resources, type Locale };
export { LOCALE_NAMES } from './resources.ts';
export type { Message } from './message.ts';
export { msg } from './message.ts';

export const i18nOptions = {
  resources,
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: [...LOCALES],
  ns: [...NAMESPACES],
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
} as const;

export function createI18n(locale: Locale = DEFAULT_LOCALE): I18n {
  const instance = i18next.createInstance();
  void instance.init({ ...i18nOptions, lng: locale });
  return instance;
}

export interface Translator {
  t: TFunction;
  /** Renders a domain message in this translator's language. */
  format(message: Message): string;
  locale: Locale;
}

export function createTranslator(locale: Locale = DEFAULT_LOCALE): Translator {
  const instance = createI18n(locale);
  const t = instance.t.bind(instance) as TFunction;
  return {
    t,
    locale,
    format: (m) => String(t(m.key, m.params ?? {})),
  };
}

/** Picks zh-CN or en from an environment such as LANG=en_US.UTF-8 or navigator.language. */
export function localeFrom(tag: string | undefined | null): Locale {
  return tag && /^en/i.test(tag) ? 'en' : DEFAULT_LOCALE;
}
