/**
 * The shell's strings come from the shared locale files (namespace "electron"), never from code.
 */
import { createTranslator, localeFrom, type Locale, type Message } from '../shared/i18n/index.ts';

/** Looks up `electron:<key>`; params are interpolated by i18next. */
export type Translate = (key: string, params?: Record<string, string | number>) => string;

/** Renders a message of shared code (`seal:sign.wrongPassword` …) in the shell's language. */
export type FormatMessage = (message: Message) => string;

export function createElectronTranslate(locale: Locale): Translate {
  const translator = createTranslator(locale);
  return (key, params) => String(translator.t(`electron:${key}`, params ?? {}));
}

export function createElectronFormat(locale: Locale): FormatMessage {
  return createTranslator(locale).format;
}

/** The OS locale (app.getLocale(), LANG) decides zh-CN or en. */
export function translateFor(localeTag: string | undefined | null): Translate {
  return createElectronTranslate(localeFrom(localeTag));
}

export function formatFor(localeTag: string | undefined | null): FormatMessage {
  return createElectronFormat(localeFrom(localeTag));
}
