/** Messages in the caller's language: English when Accept-Language asks for it, else zh-CN. */
import type { FastifyRequest } from 'fastify';
import { createTranslator, localeFrom, type Locale, type Translator } from '../../shared/i18n/index.ts';

const translators = new Map<Locale, Translator>();

export function translatorFor(locale: Locale): Translator {
  let t = translators.get(locale);
  if (!t) {
    t = createTranslator(locale);
    translators.set(locale, t);
  }
  return t;
}

export function requestTranslator(req: FastifyRequest): Translator {
  const header = req.headers['accept-language'];
  const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim();
  return translatorFor(localeFrom(first));
}
