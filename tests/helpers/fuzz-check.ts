/**
 * Checks the fuzz suites apply to every refusal: the message renders in zh-CN through the app's
 * own i18n set-up with no missing key (nested `$t(…)` included) and no missing parameter, reads
 * as Chinese, and carries a location of the kind its API promises.
 */
import i18next, { type i18n as I18n } from 'i18next';
import { i18nOptions, type Message, type Translator } from '../../shared/i18n/index.ts';
import { parseAddress, type WorkbookError } from '../../shared/excel/errors.ts';
import type { PackageError } from '../../shared/package/format.ts';

interface Strict {
  instance: I18n;
  problems: string[];
}

let strict: Strict | undefined;

/** One zh-CN i18next instance that records every missing key and interpolation parameter. */
function strictI18n(): Strict {
  if (strict) return strict;
  const problems: string[] = [];
  const instance = i18next.createInstance();
  void instance.init({
    ...i18nOptions,
    lng: 'zh-CN',
    saveMissing: true,
    missingKeyHandler: (_lngs: readonly string[], ns: string, key: string) => {
      problems.push(`missing key ${ns}:${key}`);
    },
    missingInterpolationHandler: (_text: string, value: unknown) => {
      const name = Array.isArray(value) ? String(value[1]) : String(value);
      problems.push(`missing parameter {{${name}}}`);
      return undefined;
    },
  });
  strict = { instance, problems };
  return strict;
}

/** Anything containing a CJK ideograph reads as Chinese to us. */
const CJK = /[\u4e00-\u9fff]/;

/**
 * A Translator (the app's interface) whose `format` throws on a missing key or parameter, so any
 * formatter of the app (formatWorkbookError, formatPackageError …) can be checked through it.
 */
export const strictZh: Translator = {
  locale: 'zh-CN',
  t: ((key: string, params?: Record<string, unknown>) => render(key, params)) as Translator['t'],
  format: (m: Message) => render(m.key, m.params),
};

function render(key: string, params?: Record<string, unknown>): string {
  const { instance, problems } = strictI18n();
  problems.length = 0;
  const text = String(instance.t(key, { ...(params ?? {}) }));
  if (problems.length > 0) {
    throw new Error(`message ${key} ${JSON.stringify(params ?? {})} does not render: ${problems.join('; ')}`);
  }
  return text;
}

/** The zh-CN text of a message; throws when a key or a parameter is missing or it is not Chinese. */
export function zhText(message: Message): string {
  const text = strictZh.format(message);
  if (!CJK.test(text)) throw new Error(`message ${message.key} renders without Chinese: ${text}`);
  return text;
}

/** Throws unless `cond`, with the message built lazily (fast-check shows it with the seed). */
export function check(cond: boolean, what: () => string): asserts cond {
  if (!cond) throw new Error(what());
}

/**
 * A workbook error is located: a sheet name (the whole file only for the codes listed as
 * file-level), and a cell that is a real A1 address, or a whole row `12:12`, or '' for the sheet.
 */
export function checkWorkbookError(e: WorkbookError, fileLevel: ReadonlySet<string>): string {
  check(typeof e.code === 'string' && e.code !== '', () => `no code: ${JSON.stringify(e)}`);
  check(typeof e.sheet === 'string' && typeof e.cell === 'string', () => `no location: ${JSON.stringify(e)}`);
  if (e.sheet === '') {
    check(fileLevel.has(e.code), () => `error ${e.code} is not located on a sheet: ${JSON.stringify(e)}`);
    check(e.cell === '', () => `a cell without its sheet: ${JSON.stringify(e)}`);
  }
  if (e.cell !== '') {
    const row = /^(\d+):\1$/.exec(e.cell);
    const address = parseAddress(e.cell);
    check(
      row !== null || (address !== null && address.row >= 1 && address.col >= 1),
      () => `not a cell address: ${JSON.stringify(e)}`,
    );
  }
  return zhText(e.message);
}

/**
 * A package error is located: the zip entry ('' only for problems of the file as a whole) and,
 * inside a JSON entry, the dotted field. `internal` means a crash was caught: never acceptable.
 */
export function checkPackageError(e: PackageError, fileLevel: ReadonlySet<string>): string {
  check(e.code !== 'internal', () => `a crash was caught and reported as internal: ${zhTextSafe(e.message)}`);
  check(typeof e.entry === 'string', () => `no entry: ${JSON.stringify(e)}`);
  if (e.entry === '')
    check(fileLevel.has(e.code), () => `error ${e.code} names no entry: ${JSON.stringify(e)}`);
  if (e.field !== undefined) check(e.field !== '', () => `empty field: ${JSON.stringify(e)}`);
  const text = zhText(e.message);
  if (e.detail) zhText(e.detail);
  return text;
}

function zhTextSafe(m: Message): string {
  try {
    return strictZh.format(m);
  } catch (err) {
    return String(err);
  }
}
