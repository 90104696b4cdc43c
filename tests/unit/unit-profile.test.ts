import { describe, expect, it } from 'vitest';
import {
  parsePhone,
  UNIT_TYPES,
  unitProfileSchema,
  validateUnitProfile,
  type UnitProfileResult,
} from '../../shared/domain/unit.ts';
import { createTranslator } from '../../shared/i18n/index.ts';

const zh = createTranslator('zh-CN');
const en = createTranslator('en');

const valid = {
  id: 'unit-1',
  name: '长沙职业技术学院',
  uscc: '12430100MB1K3L5P73',
  type: '高职',
  regionCode: '430100',
  address: '湖南省长沙市长沙县',
  contacts: [{ name: '王老师', role: '教务处', phone: '0731-84012345', email: 'wang@example.edu.cn' }],
};

function errors(result: UnitProfileResult) {
  if (result.ok) throw new Error('expected errors');
  return result.errors.map((e) => ({ field: e.field, text: zh.format(e.message) }));
}

describe('validateUnitProfile: valid input', () => {
  it('accepts a complete profile and normalizes code and phones', () => {
    const result = validateUnitProfile({
      ...valid,
      uscc: ' 12430100mb1k3l5p73 ',
      contacts: [
        { name: '王老师', phone: '+86 138-1234-5678' },
        { name: '李主任', role: '', phone: '(0731) 8401 2345 转 801', email: null },
      ],
    });
    expect(result).toEqual({
      ok: true,
      unit: {
        ...valid,
        uscc: '12430100MB1K3L5P73',
        contacts: [
          { name: '王老师', phone: '13812345678' },
          { name: '李主任', phone: '0731-84012345-801' },
        ],
      },
    });
  });

  it('accepts every unit type, province codes, and a missing address', () => {
    for (const type of UNIT_TYPES) {
      expect(validateUnitProfile({ ...valid, type }).ok, type).toBe(true);
    }
    const { address: _omit, ...noAddress } = valid;
    const result = validateUnitProfile({ ...noAddress, regionCode: '110000' });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.unit.address).toBeUndefined();
    expect(validateUnitProfile({ ...valid, address: '   ' })).toMatchObject({
      ok: true,
      unit: { address: undefined },
    });
  });

  it('counts name length in characters, including rare CJK outside the BMP', () => {
    expect(validateUnitProfile({ ...valid, name: '𠀋𠀋' }).ok).toBe(true);
    expect(validateUnitProfile({ ...valid, name: '校'.repeat(100) }).ok).toBe(true);
  });

  it('parses through the exported schema too', () => {
    expect(unitProfileSchema.parse(valid).uscc).toBe('12430100MB1K3L5P73');
  });
});

describe('validateUnitProfile: errors', () => {
  it('reports every problem at once with field paths and zh-CN messages', () => {
    const result = validateUnitProfile({
      id: 'u',
      name: '长',
      uscc: '12430100MB1K3L5P7V',
      type: '大学',
      regionCode: '430102',
      contacts: [
        { name: '王老师', phone: '12345', email: 'wang@' },
        { name: ' ', phone: '13812345678' },
      ],
    });
    expect(errors(result)).toEqual([
      { field: 'name', text: '单位名称至少2个字，当前为1个字' },
      {
        field: 'uscc',
        text: '第18位字母“V”无效：统一社会信用代码不使用字母 I、O、Z、S、V，请核对是否把数字看成了字母（如 0 与 O、1 与 I、2 与 Z、5 与 S）',
      },
      {
        field: 'type',
        text: '单位类型无效，应为以下之一：中职、高职、职业本科、普通本科、企业、行业组织、科研机构、政府部门、园区管委会',
      },
      { field: 'regionCode', text: '所在地区代码 430102 不存在，请从列表中选择省份或城市' },
      {
        field: 'contacts.0.phone',
        text: '联系电话“12345”格式不正确：手机号为11位（如 13812345678）；座机请带区号（如 0731-88888888、010-66097741，分机号可写在后面）',
      },
      { field: 'contacts.0.email', text: '电子邮箱“wang@”格式不正确（应类似 name@example.com）' },
      { field: 'contacts.1.name', text: '请填写联系人姓名' },
    ]);
  });

  it('gives uscc errors their character position', () => {
    const result = validateUnitProfile({ ...valid, uscc: '12430100MB1K3L5P7X' });
    expect(result).toMatchObject({
      ok: false,
      errors: [
        {
          field: 'uscc',
          position: 18,
          message: { key: 'validation:uscc.checkDigit', params: { expected: '3', actual: 'X' } },
        },
      ],
    });
    expect(errors(validateUnitProfile({ ...valid, uscc: '1243' }))).toEqual([
      { field: 'uscc', text: '统一社会信用代码应为18位，当前为4位' },
    ]);
  });

  it('says what is missing on an empty form', () => {
    expect(errors(validateUnitProfile({}))).toEqual([
      { field: 'id', text: '缺少单位编号' },
      { field: 'name', text: '请填写单位名称' },
      { field: 'uscc', text: '请填写统一社会信用代码' },
      { field: 'type', text: '请选择单位类型' },
      { field: 'regionCode', text: '请选择所在地区' },
      { field: 'contacts', text: '请至少填写一位联系人' },
    ]);
    expect(
      errors(validateUnitProfile({ ...valid, name: '  ', uscc: '', type: '', regionCode: '', contacts: [] })),
    ).toEqual([
      { field: 'name', text: '请填写单位名称' },
      { field: 'uscc', text: '请填写统一社会信用代码' },
      { field: 'type', text: '请选择单位类型' },
      { field: 'regionCode', text: '请选择所在地区' },
      { field: 'contacts', text: '请至少填写一位联系人' },
    ]);
  });

  it('checks name length limits', () => {
    expect(errors(validateUnitProfile({ ...valid, name: '校'.repeat(101) }))).toEqual([
      { field: 'name', text: '单位名称不能超过100个字，当前为101个字' },
    ]);
  });

  it('checks the region code format', () => {
    expect(errors(validateUnitProfile({ ...valid, regionCode: '4301' }))).toEqual([
      { field: 'regionCode', text: '所在地区代码“4301”应为6位数字（如 430100）' },
    ]);
  });

  it('rejects wrong JSON types and non-objects', () => {
    expect(errors(validateUnitProfile(null))).toEqual([{ field: '', text: '单位信息格式不正确' }]);
    expect(errors(validateUnitProfile({ ...valid, name: 42, contacts: [7] }))).toEqual([
      { field: 'name', text: '此项应填写文字' },
      { field: 'contacts.0', text: '联系人信息格式不正确' },
    ]);
    expect(errors(validateUnitProfile({ ...valid, contacts: '王老师' }))).toEqual([
      { field: 'contacts', text: '联系人应为列表' },
    ]);
  });

  it('has English text for every message', () => {
    const result = validateUnitProfile({
      name: 'x'.repeat(101),
      uscc: '913501',
      type: 'school',
      regionCode: '1',
      address: 'a'.repeat(201),
      contacts: [{ name: '', role: 'r'.repeat(51), phone: '', email: 'no' }],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect([...new Set(result.errors.map((e) => e.field))]).toEqual([
      'id',
      'name',
      'uscc',
      'type',
      'regionCode',
      'address',
      'contacts.0.name',
      'contacts.0.role',
      'contacts.0.phone',
      'contacts.0.email',
    ]);
    for (const e of result.errors) {
      const text = en.format(e.message);
      expect(text).not.toMatch(/validation:|\{\{/);
      expect(text).not.toBe(zh.format(e.message));
    }
  });
});

describe('parsePhone', () => {
  it.each([
    ['13812345678', 'mobile', '13812345678'],
    ['138 1234 5678', 'mobile', '13812345678'],
    ['138-1234-5678', 'mobile', '13812345678'],
    ['+86 138 1234 5678', 'mobile', '13812345678'],
    ['+86-19912345678', 'mobile', '19912345678'],
    ['008613812345678', 'mobile', '13812345678'],
    ['８６１３８１２３４５６７８', 'mobile', '13812345678'],
    ['0731-88888888', 'landline', '0731-88888888'],
    ['010-66097741', 'landline', '010-66097741'],
    ['01066097741', 'landline', '010-66097741'],
    ['(010) 6609 7741', 'landline', '010-66097741'],
    ['（0731）88888888', 'landline', '0731-88888888'],
    ['0898-6531234', 'landline', '0898-6531234'],
    ['+86 731 88888888', 'landline', '0731-88888888'],
    ['0731-88888888-8001', 'landline', '0731-88888888-8001'],
    ['0731-88888888 转 8001', 'landline', '0731-88888888-8001'],
    ['010-66097741 ext. 12', 'landline', '010-66097741-12'],
    ['0755 8888 8888 分机 3', 'landline', '0755-88888888-3'],
  ])('accepts %s', (input, kind, normalized) => {
    expect(parsePhone(input)).toEqual({ kind, normalized });
  });

  it.each([
    '',
    '12345678901', // no mobile prefix 12
    '1381234567', // ten digits
    '138123456789', // twelve digits
    '88888888', // landline without area code
    '010-6609774', // 010 needs eight digits
    '020-1234567',
    '0731-08888888', // local numbers do not start with 0
    '13812345678-1', // mobiles have no extension
    'abc',
  ])('rejects %s', (input) => {
    expect(parsePhone(input)).toBeUndefined();
  });
});
