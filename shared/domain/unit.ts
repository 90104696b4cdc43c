/**
 * The unit profile (建设单位信息): name, 统一社会信用代码, type, region, contacts.
 *
 * Every zod issue carries an i18n key as its `message` and the key's parameters in `params.i18n`,
 * so `validateUnitProfile` hands the UI located, translatable errors, all at once.
 */
import { z } from 'zod';
import { msg, type Message, type MessageParams } from '../i18n/message.ts';
import { checkUscc, normalizeUscc } from './uscc.ts';
import { isValidRegionCode } from './regions.ts';

export const UNIT_TYPES = [
  '中职',
  '高职',
  '职业本科',
  '普通本科',
  '企业',
  '行业组织',
  '科研机构',
  '政府部门',
  '园区管委会',
] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

export const UNIT_NAME_MIN = 2;
export const UNIT_NAME_MAX = 100;
export const ADDRESS_MAX = 200;
export const CONTACT_NAME_MAX = 50;
export const CONTACT_ROLE_MAX = 50;
export const CONTACTS_MAX = 20;

const K = 'validation:unit.';

type Ctx = z.core.$RefinementCtx<unknown>;

function fail(ctx: Ctx, key: string, params?: MessageParams, position?: number): void {
  ctx.addIssue({ code: 'custom', message: key, params: { i18n: params, position } });
}

/** Characters as a reader counts them (a rare CJK character outside the BMP is one, not two). */
function charCount(s: string): number {
  return Array.from(s).length;
}

/** Maps a wrong JS type to "required" when nothing was given, so an empty form reads naturally. */
function typeError(requiredKey: string, wrongTypeKey = `${K}notText`) {
  return (iss: { input?: unknown }) =>
    iss.input === undefined || iss.input === null ? requiredKey : wrongTypeKey;
}

/** Required trimmed text with a length range in characters. */
function requiredText(field: string, min: number, max: number) {
  return z
    .string({ error: typeError(`${K}${field}.required`) })
    .trim()
    .superRefine((s, ctx) => {
      const length = charCount(s);
      if (length === 0) fail(ctx, `${K}${field}.required`);
      else if (length < min) fail(ctx, `${K}${field}.tooShort`, { min, length });
      else if (length > max) fail(ctx, `${K}${field}.tooLong`, { max, length });
    });
}

/** Optional text: missing, null and blank all mean "not given" and come out as undefined. */
function optionalText(field: string, max: number, extra?: (s: string, ctx: Ctx) => void) {
  return z.preprocess(
    (v) => (v === null ? undefined : v),
    z
      .string({ error: `${K}notText` })
      .trim()
      .superRefine((s, ctx) => {
        const length = charCount(s);
        if (length > max) fail(ctx, `${K}${field}.tooLong`, { max, length });
        else if (length > 0) extra?.(s, ctx);
      })
      .transform((s) => (s === '' ? undefined : s))
      .optional(),
  );
}

export interface ParsedPhone {
  kind: 'mobile' | 'landline';
  /** 13812345678, or 0731-88888888 with `-分机号` appended when there is one. */
  normalized: string;
}

function toHalfWidth(s: string): string {
  return s
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

function parseMain(main: string): ParsedPhone | undefined {
  let digits = main.replace(/[\s\-()（）.]/g, '');
  let international = false;
  if (/^(\+|00)86/.test(digits)) {
    digits = digits.replace(/^(\+|00)86/, '');
    international = true;
  } else if (/^861[3-9]\d{9}$/.test(digits)) {
    digits = digits.slice(2);
  }
  if (/^1[3-9]\d{9}$/.test(digits)) return { kind: 'mobile', normalized: digits };
  // +86 drops the trunk 0 of the area code (+86 731 …).
  if (international && !digits.startsWith('0')) digits = `0${digits}`;
  // 010 and 02x have 8-digit local numbers; other area codes are 0 + three digits, 7 or 8 digits local.
  const m = /^(0(?:10|2\d))([2-9]\d{7})$/.exec(digits) ?? /^(0[3-9]\d{2})([2-9]\d{6,7})$/.exec(digits);
  return m ? { kind: 'landline', normalized: `${m[1]}-${m[2]}` } : undefined;
}

/**
 * Mainland mobile (optionally +86, spaces, hyphens) or landline with area code and optional
 * extension (0731-88888888, (010) 6609 7741, 0731-88888888 转 8001). Undefined when it is neither.
 */
export function parsePhone(input: string): ParsedPhone | undefined {
  const s = toHalfWidth(input).trim();
  if (s === '') return undefined;
  const whole = parseMain(s);
  if (whole) return whole;
  // Only then look for an extension, so a hyphen inside the number is not mistaken for one.
  const ext = /^(.*?)\s*(?:转|分机|ext\.?|x|#|-)\s*(\d{1,6})$/i.exec(s);
  if (!ext) return undefined;
  const main = parseMain(ext[1]!);
  if (!main || main.kind !== 'landline') return undefined;
  return { kind: 'landline', normalized: `${main.normalized}-${ext[2]}` };
}

const emailFormat = z.email();

export const contactSchema = z.object(
  {
    name: requiredText('contact.name', 1, CONTACT_NAME_MAX),
    role: optionalText('contact.role', CONTACT_ROLE_MAX),
    phone: z
      .string({ error: typeError(`${K}contact.phone.required`) })
      .trim()
      .superRefine((s, ctx) => {
        if (s === '') fail(ctx, `${K}contact.phone.required`);
        else if (!parsePhone(s)) fail(ctx, `${K}contact.phone.invalid`, { value: s });
      })
      .transform((s) => parsePhone(s)?.normalized ?? s),
    email: optionalText('contact.email', 254, (s, ctx) => {
      if (!emailFormat.safeParse(s).success) fail(ctx, `${K}contact.email.invalid`, { value: s });
    }),
  },
  { error: `${K}contact.notObject` },
);
export type UnitContact = z.output<typeof contactSchema>;

export const unitProfileSchema = z.object(
  {
    id: z
      .string({ error: typeError(`${K}id.required`) })
      .trim()
      .min(1, { error: `${K}id.required` }),
    name: requiredText('name', UNIT_NAME_MIN, UNIT_NAME_MAX),
    uscc: z
      .string({ error: typeError(`${K}uscc.required`) })
      .superRefine((s, ctx) => {
        const result = checkUscc(s);
        if (result.ok) return;
        for (const e of result.errors) fail(ctx, e.message.key, e.message.params, e.position);
      })
      .transform(normalizeUscc),
    type: z.enum(UNIT_TYPES, {
      error: (iss) =>
        iss.input === undefined || iss.input === null || iss.input === ''
          ? `${K}type.required`
          : `${K}type.invalid`,
    }),
    regionCode: z
      .string({ error: typeError(`${K}region.required`) })
      .trim()
      .superRefine((s, ctx) => {
        if (s === '') fail(ctx, `${K}region.required`);
        else if (!/^\d{6}$/.test(s)) fail(ctx, `${K}region.format`, { value: s });
        else if (!isValidRegionCode(s)) fail(ctx, `${K}region.unknown`, { code: s });
      }),
    address: optionalText('address', ADDRESS_MAX),
    contacts: z
      .array(contactSchema, { error: typeError(`${K}contacts.required`, `${K}contacts.notList`) })
      .superRefine((list, ctx) => {
        if (list.length === 0) fail(ctx, `${K}contacts.required`);
        else if (list.length > CONTACTS_MAX) fail(ctx, `${K}contacts.tooMany`, { max: CONTACTS_MAX });
      }),
  },
  { error: `${K}notObject` },
);
export type UnitProfile = z.output<typeof unitProfileSchema>;
/** What a form holds before validation (phones and codes as typed). */
export type UnitProfileInput = z.input<typeof unitProfileSchema>;

export interface UnitProfileError {
  /** Dotted path of the input, e.g. `uscc`, `contacts.0.phone`; '' for the whole profile. */
  field: string;
  message: Message;
  /** For `uscc`: 1-based position of the wrong character. */
  position?: number;
}

export type UnitProfileResult = { ok: true; unit: UnitProfile } | { ok: false; errors: UnitProfileError[] };

/** The `type.invalid` message lists the choices; zod's enum issue does not carry them as a param. */
const TYPE_LIST = UNIT_TYPES.join('、');

function toError(issue: z.core.$ZodIssue): UnitProfileError {
  const field = issue.path.map(String).join('.');
  const key = issue.message.startsWith('validation:') ? issue.message : `${K}invalid`;
  const extra = issue.code === 'custom' ? (issue.params as { i18n?: MessageParams; position?: number }) : {};
  let params = extra?.i18n;
  if (key === `${K}type.invalid`) params = { allowed: TYPE_LIST };
  const error: UnitProfileError = { field, message: msg(key, params) };
  if (extra?.position !== undefined) error.position = extra.position;
  return error;
}

/** Validates a whole profile and reports every problem with the input field it belongs to. */
export function validateUnitProfile(input: unknown): UnitProfileResult {
  const result = unitProfileSchema.safeParse(input);
  if (result.success) return { ok: true, unit: result.data };
  return { ok: false, errors: result.error.issues.map(toError) };
}
