import { describe, expect, it } from 'vitest';
import {
  citiesOf,
  isMunicipality,
  isValidRegionCode,
  provinces,
  regionByCode,
  regionName,
} from '../../shared/domain/regions.ts';

describe('provinces', () => {
  it('lists the 34 province-level divisions with six-digit codes, in code order', () => {
    const list = provinces();
    expect(list).toHaveLength(34);
    const codes = list.map((p) => p.code);
    expect(new Set(codes).size).toBe(34);
    for (const code of codes) expect(code).toMatch(/^\d{2}0000$/);
    expect([...codes].sort()).toEqual(codes);
    expect(list.find((p) => p.code === '430000')).toMatchObject({ name: '湖南省', level: 'province' });
    expect(list[0]).toMatchObject({ code: '110000', name: '北京市' });
    expect(list.slice(-3).map((p) => `${p.code} ${p.name}`)).toEqual([
      '710000 台湾省',
      '810000 香港特别行政区',
      '820000 澳门特别行政区',
    ]);
  });

  it('is built once', () => {
    expect(provinces()).toBe(provinces());
    expect(citiesOf('430000')).toBe(citiesOf('430000'));
  });
});

describe('citiesOf', () => {
  it('lists the cities of a province', () => {
    const hunan = citiesOf('430000');
    expect(hunan).toHaveLength(14);
    expect(hunan[0]).toEqual({
      code: '430100',
      name: '长沙市',
      officialName: '长沙市',
      level: 'city',
      provinceCode: '430000',
    });
    expect(hunan.map((c) => c.name)).toContain('湘西土家族苗族自治州');
    expect(citiesOf('340000').find((c) => c.code === '341600')?.name).toBe('亳州市');
    expect(citiesOf('410000').find((c) => c.code === '410900')?.name).toBe('濮阳市');
  });

  it('shows municipalities by their own name instead of 市辖区', () => {
    expect(citiesOf('110000').map((c) => [c.code, c.name, c.officialName])).toEqual([
      ['110100', '北京市', '市辖区'],
    ]);
    expect(citiesOf('310000').map((c) => c.name)).toEqual(['上海市']);
    expect(citiesOf('120000').map((c) => c.name)).toEqual(['天津市']);
    expect(citiesOf('500000').map((c) => [c.code, c.name])).toEqual([
      ['500100', '重庆市辖区'],
      ['500200', '重庆市辖县'],
    ]);
    expect(isMunicipality('500000')).toBe(true);
    expect(isMunicipality('430000')).toBe(false);
  });

  it('lists the members of 省直辖县级行政区划 instead of the placeholder', () => {
    const hubei = citiesOf('420000');
    expect(hubei.map((c) => c.code)).not.toContain('429000');
    expect(hubei.filter((c) => c.code.startsWith('4290')).map((c) => c.name)).toEqual([
      '仙桃市',
      '潜江市',
      '天门市',
      '神农架林区',
    ]);
    expect(citiesOf('410000').find((c) => c.code === '419001')?.name).toBe('济源市');
  });

  it('has no cities for 港澳台 and unknown codes', () => {
    expect(citiesOf('810000')).toEqual([]);
    expect(citiesOf('710000')).toEqual([]);
    expect(citiesOf('990000')).toEqual([]);
    expect(citiesOf('43')).toEqual([]);
  });

  it('gives every province-level division except 港澳台 at least one city', () => {
    for (const p of provinces()) {
      const cities = citiesOf(p.code);
      if (['710000', '810000', '820000'].includes(p.code)) continue;
      expect(cities.length, p.name).toBeGreaterThan(0);
      for (const c of cities) {
        expect(c.code).toMatch(/^\d{6}$/);
        expect(c.code.slice(0, 2)).toBe(p.code.slice(0, 2));
        expect(c.provinceCode).toBe(p.code);
      }
    }
  });
});

describe('regionByCode / isValidRegionCode / regionName', () => {
  it('resolves province and city codes', () => {
    expect(regionByCode('430000')).toEqual({ province: expect.objectContaining({ name: '湖南省' }) });
    const changsha = regionByCode('430100');
    expect(changsha?.province.name).toBe('湖南省');
    expect(changsha?.city?.name).toBe('长沙市');
    expect(regionByCode('341600')?.province.name).toBe('安徽省');
    expect(regionByCode('410900')?.city?.name).toBe('濮阳市');
    expect(regionByCode('110100')?.city?.name).toBe('北京市');
  });

  it('still resolves the 省直辖县级 placeholder and resolves its members', () => {
    expect(regionByCode('429000')?.city?.officialName).toBe('省直辖县级行政区划');
    expect(regionByCode('429004')).toMatchObject({ province: { code: '420000' }, city: { name: '仙桃市' } });
  });

  it('rejects county codes, unknown codes and malformed input', () => {
    for (const code of ['430102', '999999', '430000 ', '4301', '43', '', 'abcdef', '439900']) {
      expect(regionByCode(code), code).toBeUndefined();
      expect(isValidRegionCode(code), code).toBe(false);
    }
    expect(isValidRegionCode('430100')).toBe(true);
    expect(isValidRegionCode('810000')).toBe(true);
  });

  it('names a region for display', () => {
    expect(regionName('430100')).toBe('湖南省长沙市');
    expect(regionName('430000')).toBe('湖南省');
    expect(regionName('110100')).toBe('北京市');
    expect(regionName('500200')).toBe('重庆市辖县');
    expect(regionName('429004')).toBe('湖北省仙桃市');
    expect(regionName('000000')).toBeUndefined();
  });

  it('is fast enough for validating a province of units', () => {
    const start = performance.now();
    for (let i = 0; i < 100_000; i++) regionByCode(i % 2 ? '430100' : '410900');
    expect(performance.now() - start).toBeLessThan(500);
  });
});
