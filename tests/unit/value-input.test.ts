import { describe, expect, it } from 'vitest';
import {
  formatValue,
  parseDateText,
  parseInput,
  parseNumberText,
  toHalfWidth,
} from '../../shared/domain/value-input.ts';
import { indicatorSchema, type Indicator } from '../../shared/domain/template.ts';
import { createTranslator } from '../../shared/i18n/index.ts';

const zh = createTranslator('zh-CN');
const ind = (o: Partial<Indicator> & Pick<Indicator, 'type'>): Indicator =>
  indicatorSchema.parse({ code: 'X01', label: '接收实习学生人数', unit: '人', ...o });
const errorText = (r: ReturnType<typeof parseInput>) =>
  r.ok ? `ok:${String(r.value)}` : zh.format(r.message);

describe('numbers as people type them', () => {
  it('reads full-width digits, thousands separators and signs', () => {
    expect(toHalfWidth('１２３，４５６．７')).toBe('123,456.7');
    expect(parseNumberText('１２３')).toBe(123);
    expect(parseNumberText('1,234')).toBe(1234);
    expect(parseNumberText('12,345,678.9')).toBe(12345678.9);
    expect(parseNumberText(' -3 ')).toBe(-3);
    expect(parseNumberText('1,23')).toBeNull();
    expect(parseNumberText('12a')).toBeNull();
    expect(parseNumberText('')).toBeNull();
  });

  it('integers: accepted as meant, refused with the field named', () => {
    const i = ind({ type: 'integer', min: 0 });
    expect(parseInput(i, '１２３')).toEqual({ ok: true, value: 123 });
    expect(parseInput(i, '1,234')).toEqual({ ok: true, value: 1234 });
    expect(parseInput(i, '1,234人')).toEqual({ ok: true, value: 1234 });
    expect(errorText(parseInput(i, '很多'))).toBe('“接收实习学生人数”应填写数字，“很多”不是数字');
    expect(errorText(parseInput(i, '12.5'))).toBe('“接收实习学生人数”应填写整数，“12.5”带有小数');
    expect(errorText(parseInput(i, '-3'))).toBe('“接收实习学生人数”不能为负数');
    expect(parseInput(i, '  ')).toEqual({ ok: true, value: null });
  });

  it('percent: 12% and 0.12 both mean twelve per cent; range in per cent', () => {
    const p = ind({ type: 'percent', label: '毕业生本地就业率', unit: '%', min: 0, max: 1 });
    expect(parseInput(p, '12%')).toEqual({ ok: true, value: 0.12 });
    expect(parseInput(p, '0.12')).toEqual({ ok: true, value: 0.12 });
    expect(parseInput(p, '１２％')).toEqual({ ok: true, value: 0.12 });
    expect(parseInput(p, '85.5')).toEqual({ ok: true, value: 0.855 });
    expect(errorText(parseInput(p, '130%'))).toBe('“毕业生本地就业率”不能大于 100%');
    expect(formatValue(p, 0.855)).toBe('85.5%');
  });

  it('money: currency signs, separators and unit words, rounded to cents', () => {
    const m = ind({ type: 'money', label: '技术服务到款额', unit: '万元', decimals: 2, min: 0 });
    expect(parseInput(m, '¥1,234.567')).toEqual({ ok: true, value: 1234.57 });
    expect(parseInput(m, '88万元')).toEqual({ ok: true, value: 88 });
    expect(formatValue(m, 1234.5)).toBe('1,234.50');
  });

  it('range limits name the unit', () => {
    const d = ind({ type: 'decimal', label: '生均面积', unit: '平方米', min: 1, max: 100 });
    expect(errorText(parseInput(d, '0.5'))).toBe('“生均面积”不能小于 1平方米');
    expect(errorText(parseInput(d, '101'))).toBe('“生均面积”不能大于 100平方米');
  });
});

describe('other types', () => {
  it('dates in the usual Chinese and ISO forms, real dates only', () => {
    expect(parseDateText('2025-06-30')).toBe('2025-06-30');
    expect(parseDateText('2025/6/3')).toBe('2025-06-03');
    expect(parseDateText('2025年6月30日')).toBe('2025-06-30');
    expect(parseDateText('２０２５．６．３０')).toBe('2025-06-30');
    expect(parseDateText('20250630')).toBe('2025-06-30');
    expect(parseDateText('2025-02-30')).toBeNull();
    expect(parseDateText('30/06/2025')).toBeNull();
    const d = ind({ type: 'date', label: '挂牌成立日期' });
    expect(errorText(parseInput(d, '2025-13-01'))).toContain('“2025-13-01”不是有效日期');
  });

  it('booleans from 是/否 and friends', () => {
    const b = ind({ type: 'boolean', label: '是否实体化运作' });
    for (const yes of ['是', 'Y', 'true', '1', '√'])
      expect(parseInput(b, yes)).toEqual({ ok: true, value: true });
    for (const no of ['否', 'no', '0', '×']) expect(parseInput(b, no)).toEqual({ ok: true, value: false });
    expect(errorText(parseInput(b, '也许'))).toBe('“是否实体化运作”请填写“是”或“否”，“也许”无法识别');
    expect(formatValue(b, true, { yes: '是', no: '否' })).toBe('是');
  });

  it('choices by code or label', () => {
    const c = ind({ type: 'choice', label: '运行机制', choices: 'mech' });
    const list = [
      { code: 'council', label: '理事会' },
      { code: 'board', label: '董事会' },
    ];
    expect(parseInput(c, '理事会', list)).toEqual({ ok: true, value: 'council' });
    expect(parseInput(c, 'board', list)).toEqual({ ok: true, value: 'board' });
    expect(errorText(parseInput(c, '委员会', list))).toBe(
      '“运行机制”只能选择：理事会、董事会；“委员会”不在选项中',
    );
    expect(formatValue(c, 'board', { choices: list })).toBe('董事会');
  });
});
