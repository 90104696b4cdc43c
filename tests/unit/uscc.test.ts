import { describe, expect, it } from 'vitest';
import {
  checkUscc,
  normalizeUscc,
  usccCheckChar,
  USCC_CHARSET,
  type UsccResult,
} from '../../shared/domain/uscc.ts';
import { createTranslator } from '../../shared/i18n/index.ts';

const zh = createTranslator('zh-CN');
const en = createTranslator('en');

/** Codes published on business licences and public registries (check digits verified by hand). */
const PUBLIC_CODES = [
  '91350100M000100Y43', // the example code quoted in GB 32100 explanations
  '914403001922038216', // 华为技术有限公司
  '91440300708461136T', // 深圳市腾讯计算机系统有限公司
  '91330100799655058B', // 阿里巴巴（中国）有限公司
  '91110108551385082Q', // 小米科技有限责任公司
  '91110000802100433B', // 百度在线网络技术（北京）有限公司
  '12100000400000624D', // 北京大学（机构编制 · 事业单位）
];

function errorsOf(result: UsccResult) {
  if (result.ok) throw new Error(`expected invalid, got ${result.normalized}`);
  return result.errors.map((e) => ({ position: e.position, text: zh.format(e.message) }));
}

describe('usccCheckChar', () => {
  it('computes the check character of public codes', () => {
    for (const code of PUBLIC_CODES) expect(usccCheckChar(code.slice(0, 17))).toBe(code[17]);
  });

  it('maps 31 to 0 and high values to letters', () => {
    // Bodies found by search to hit the edges of the value range.
    expect(usccCheckChar('1243010004440010X')).toBe('0');
    expect(usccCheckChar('1243010004440011X')).toBe('1');
    expect(usccCheckChar('1243010004440028X')).toBe('X');
    expect(usccCheckChar('1243010004440029X')).toBe('Y');
  });

  it('normalizes its input and rejects what it cannot weigh', () => {
    expect(usccCheckChar('91350100m000100y4')).toBe('3');
    expect(() => usccCheckChar('91350100M000100')).toThrow(RangeError);
    expect(() => usccCheckChar('9135O100M000100Y4')).toThrow(/position 5/);
  });
});

describe('checkUscc: valid codes', () => {
  it('accepts public codes', () => {
    for (const code of PUBLIC_CODES) expect(checkUscc(code)).toEqual({ ok: true, normalized: code });
  });

  it('accepts codes built with the algorithm for each department/category pair', () => {
    const pairs = [
      '11',
      '12',
      '13',
      '19',
      '31',
      '35',
      '51',
      '52',
      '53',
      '59',
      '91',
      '92',
      '93',
      'A1',
      'N2',
      'Y1',
    ];
    for (const pair of pairs) {
      const body = `${pair}430100MA4L${pair}7Q8`;
      const code = body + usccCheckChar(body);
      expect(checkUscc(code), code).toEqual({ ok: true, normalized: code });
    }
  });

  it('catches every single-character substitution of a valid code', () => {
    const code = PUBLIC_CODES[0]!;
    for (let i = 0; i < 18; i++) {
      for (const c of USCC_CHARSET) {
        if (c === code[i]) continue;
        const changed = code.slice(0, i) + c + code.slice(i + 1);
        expect(checkUscc(changed).ok, changed).toBe(false);
      }
    }
  });
});

describe('checkUscc: normalization', () => {
  it('trims, removes spaces and hyphens, converts full-width and lower case', () => {
    expect(checkUscc('  9135 0100-M000 100Y-43\t')).toEqual({ ok: true, normalized: '91350100M000100Y43' });
    expect(checkUscc('９１３５０１００Ｍ０００１００Ｙ４３')).toEqual({
      ok: true,
      normalized: '91350100M000100Y43',
    });
    expect(checkUscc('91350100m000100y43')).toEqual({ ok: true, normalized: '91350100M000100Y43' });
    expect(checkUscc('9135\u30000100－M000100Y43')).toEqual({ ok: true, normalized: '91350100M000100Y43' });
    expect(normalizeUscc(' ab-c ')).toBe('ABC');
  });

  it('reports positions in the normalized code', () => {
    const result = checkUscc('9135 0100 m000 100y 44');
    expect(result).toMatchObject({ ok: false, normalized: '91350100M000100Y44' });
    expect(errorsOf(result)).toEqual([
      { position: 18, text: '第18位校验码应为 3，实际为 4，请逐位核对代码是否抄错' },
    ]);
  });
});

describe('checkUscc: located errors in zh-CN', () => {
  it('empty', () => {
    expect(errorsOf(checkUscc('  '))).toEqual([{ position: undefined, text: '请填写统一社会信用代码' }]);
  });

  it('wrong length says the actual length', () => {
    expect(errorsOf(checkUscc('91350100M000100Y4'))).toEqual([
      { position: undefined, text: '统一社会信用代码应为18位，当前为17位' },
    ]);
    expect(errorsOf(checkUscc('91350100M000100Y433'))[0]).toEqual({
      position: undefined,
      text: '统一社会信用代码应为18位，当前为19位',
    });
  });

  it('recognizes an old registration number or organisation code', () => {
    expect(errorsOf(checkUscc('430100000012345'))).toEqual([
      {
        position: undefined,
        text: '统一社会信用代码应为18位，当前为15位数字，像是旧的工商注册号，请填写营业执照上的18位统一社会信用代码',
      },
    ]);
    expect(errorsOf(checkUscc('M000100Y-4'))).toEqual([
      {
        position: undefined,
        text: '统一社会信用代码应为18位，当前为9位，像是旧的组织机构代码，请填写证书上的18位统一社会信用代码',
      },
    ]);
  });

  it('a letter the standard does not use, with its position', () => {
    expect(errorsOf(checkUscc('91350100M00010OY43'))).toEqual([
      {
        position: 15,
        text: '第15位字母“O”无效：统一社会信用代码不使用字母 I、O、Z、S、V，请核对是否把数字看成了字母（如 0 与 O、1 与 I、2 与 Z、5 与 S）',
      },
    ]);
    for (const letter of ['I', 'Z', 'S', 'V']) {
      const [error] = errorsOf(checkUscc(`91350100M000100${letter}43`));
      expect(error).toMatchObject({ position: 16 });
      expect(error!.text).toContain(`第16位字母“${letter}”无效`);
    }
  });

  it('any other illegal character', () => {
    expect(errorsOf(checkUscc('91350100M000100Y4#'))).toEqual([
      {
        position: 18,
        text: '第18位字符“#”无效：统一社会信用代码只由数字和大写英文字母组成（不使用 I、O、Z、S、V）',
      },
    ]);
    // A Chinese character counts as one position.
    expect(errorsOf(checkUscc('91350100M000100Y4号'))[0]!.position).toBe(18);
  });

  it('region part that is not digits', () => {
    const body = '913501A0M000100Y4';
    expect(errorsOf(checkUscc(body + usccCheckChar(body)))).toEqual([
      { position: 7, text: '第7位应为数字（第3～8位是登记管理机关的行政区划码），实际为“A”' },
    ]);
  });

  it('unknown registration department and mismatched category', () => {
    const dept = 'B1350100M000100Y4';
    expect(errorsOf(checkUscc(dept + usccCheckChar(dept)))).toEqual([
      { position: 1, text: '第1位登记管理部门代码“B”无效，应为 1、2、3、4、5、6、7、8、9、A、N、Y 之一' },
    ]);
    const category = '94350100M000100Y4';
    expect(errorsOf(checkUscc(category + usccCheckChar(category)))).toEqual([
      { position: 2, text: '第2位机构类别代码“4”与第1位登记管理部门代码“9”不匹配，应为 1、2、3 之一' },
    ]);
    const other = 'Y2350100M000100Y4';
    expect(errorsOf(checkUscc(other + usccCheckChar(other)))[0]).toMatchObject({ position: 2 });
  });

  it('wrong check digit names the expected and the actual character', () => {
    expect(errorsOf(checkUscc('91350100M000100Y4X'))).toEqual([
      { position: 18, text: '第18位校验码应为 3，实际为 X，请逐位核对代码是否抄错' },
    ]);
  });

  it('reports all problems at once, in position order', () => {
    const result = checkUscc('Z13501O0M000100Y4');
    expect(errorsOf(result).map((e) => e.position)).toEqual([undefined, 1, 7]);
  });
});

describe('checkUscc: English messages', () => {
  it('has a translation for every error kind', () => {
    const inputs = [
      '',
      '91350100M000100Y4',
      '430100000012345',
      'M000100Y4',
      '9135O100M000100Y43',
      '91350100M000100Y4#',
      '913501A0M000100Y43',
      'B1350100M000100Y43',
      '94350100M000100Y43',
      '91350100M000100Y44',
    ];
    const keys = new Set<string>();
    for (const input of inputs) {
      const result = checkUscc(input);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      for (const e of result.errors) {
        keys.add(e.message.key);
        const text = en.format(e.message);
        expect(text).not.toContain('validation:');
        expect(text).not.toContain('{{');
      }
    }
    expect(keys.size).toBe(10);
    expect(en.format({ key: 'validation:uscc.checkDigit', params: { expected: '3', actual: '4' } })).toBe(
      'Check character 18 should be 3 but is 4; check the code character by character',
    );
  });
});
