/**
 * 统一社会信用代码 (Unified Social Credit Code) per GB 32100-2015.
 *
 *   position 1      登记管理部门代码 (registration department)
 *   position 2      机构类别代码 (organisation category, meaning depends on position 1)
 *   positions 3–8   登记管理机关行政区划码 (GB/T 2260, six digits)
 *   positions 9–17  主体标识码 (the GB 11714 organisation code)
 *   position 18     check character over the first 17
 *
 * Errors name the position (1-based, counted in the normalized code) so a form or the CLI can point
 * at the exact character the user mistyped.
 */
import { msg, type Message } from '../i18n/message.ts';

export const USCC_LENGTH = 18;

/** The 31 code characters in value order: digits, then capitals without I O Z S V. */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** 3^i mod 31, as tabulated in the standard. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** Letters the standard leaves out because they are easily confused with digits or each other. */
const EXCLUDED_LETTERS = new Set(['I', 'O', 'Z', 'S', 'V']);

/**
 * 登记管理部门代码 → allowed 机构类别代码 (the code table maintained with GB 32100; A and N were added
 * after 2015). Kept as data so a newly assigned department is a one-line change.
 */
export const USCC_CATEGORIES: Readonly<Record<string, string>> = {
  '1': '1239', // 机构编制: 机关, 事业单位, 中央编办管理的群众团体, 其他
  '2': '19', // 外交: 外国常住新闻机构, 其他
  '3': '123459', // 司法行政: 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他
  '4': '19', // 文化: 外国在华文化中心, 其他
  '5': '1239', // 民政: 社会团体, 民办非企业单位, 基金会, 其他
  '6': '129', // 旅游: 外国/港澳台旅游部门常驻代表机构, 其他
  '7': '129', // 宗教: 宗教活动场所, 宗教院校, 其他
  '8': '19', // 工会: 基层工会, 其他
  '9': '123', // 工商（市场监管）: 企业, 个体工商户, 农民专业合作社
  A: '19', // 中央军委改革和编制办公室: 军队事业单位, 其他
  N: '1239', // 农业农村: 组级/村级/乡镇级集体经济组织, 其他
  Y: '1', // 其他登记管理部门
};

export interface UsccError {
  /** 1-based position in the normalized code, when the error is about one character. */
  position?: number;
  message: Message;
}

export type UsccResult =
  | { ok: true; normalized: string }
  /** `normalized` is what the positions refer to (after removing spaces, upper-casing …). */
  | { ok: false; errors: UsccError[]; normalized: string };

const K = 'validation:uscc.';

/**
 * What people paste: surrounding blanks, spaces or hyphens used as group separators, full-width
 * characters from a Chinese IME, lower case.
 */
export function normalizeUscc(input: string): string {
  return input
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000\u00A0\-\u2010-\u2015\u2212]/g, '')
    .toUpperCase();
}

function charValue(c: string): number {
  return USCC_CHARSET.indexOf(c);
}

/** The check character for the first 17 characters (normalized first); throws on invalid input. */
export function usccCheckChar(first17: string): string {
  const s = normalizeUscc(first17);
  if (s.length !== 17) throw new RangeError(`usccCheckChar needs 17 characters, got ${s.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = charValue(s[i]!);
    if (v < 0) throw new RangeError(`invalid USCC character ${JSON.stringify(s[i])} at position ${i + 1}`);
    sum += v * WEIGHTS[i]!;
  }
  const check = 31 - (sum % 31);
  return USCC_CHARSET[check === 31 ? 0 : check]!;
}

export function checkUscc(input: string): UsccResult {
  const code = normalizeUscc(input);
  // Array.from so an astral character (rare CJK) counts as one position, as the user sees it.
  const chars = Array.from(code);
  const errors: UsccError[] = [];

  if (chars.length === 0) return { ok: false, normalized: code, errors: [{ message: msg(`${K}required`) }] };

  if (chars.length !== USCC_LENGTH) {
    const message = lengthMessage(chars);
    // Another kind of code altogether: character-level complaints about it would only confuse.
    if (message.key !== `${K}length`) return { ok: false, normalized: code, errors: [{ message }] };
    errors.push({ message });
  }

  let allLegal = true;
  chars.forEach((c, i) => {
    if (charValue(c) >= 0) return;
    allLegal = false;
    const position = i + 1;
    errors.push({
      position,
      message: msg(EXCLUDED_LETTERS.has(c) ? `${K}excludedLetter` : `${K}illegalChar`, { position, char: c }),
    });
  });

  const dept = chars[0];
  const category = chars[1];
  if (dept !== undefined && charValue(dept) >= 0) {
    const allowed = USCC_CATEGORIES[dept];
    if (allowed === undefined) {
      errors.push({
        position: 1,
        message: msg(`${K}department`, { char: dept, allowed: Object.keys(USCC_CATEGORIES).join('、') }),
      });
    } else if (category !== undefined && charValue(category) >= 0 && !allowed.includes(category)) {
      errors.push({
        position: 2,
        message: msg(`${K}category`, { char: category, department: dept, allowed: [...allowed].join('、') }),
      });
    }
  }

  // The region part must be digits; a letter there that is otherwise legal gets one error at the
  // first such place (six messages for one mistake help nobody).
  const letterAt = chars.slice(2, 8).findIndex((c) => !/^[0-9]$/.test(c) && charValue(c) >= 0);
  if (letterAt >= 0) {
    const position = letterAt + 3;
    errors.push({ position, message: msg(`${K}regionDigits`, { position, char: chars[position - 1]! }) });
  }

  if (chars.length === USCC_LENGTH && allLegal) {
    const expected = usccCheckChar(code.slice(0, 17));
    const actual = code[17]!;
    if (expected !== actual) {
      errors.push({ position: 18, message: msg(`${K}checkDigit`, { expected, actual }) });
    }
  }

  if (errors.length === 0) return { ok: true, normalized: code };
  // Whole-code errors first, then left to right, the order a reader checks the characters in.
  errors.sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  return { ok: false, normalized: code, errors };
}

/** Recognizes the two codes people most often paste instead: 15-digit 注册号 and 9-character 组织机构代码. */
function lengthMessage(chars: string[]): Message {
  const length = chars.length;
  if (length === 15 && chars.every((c) => /^[0-9]$/.test(c)))
    return msg(`${K}legacyRegistrationNo`, { length });
  if (length === 9 && /^[0-9A-Z]{8}[0-9X]$/.test(chars.join('')))
    return msg(`${K}organizationCode`, { length });
  return msg(`${K}length`, { length });
}
