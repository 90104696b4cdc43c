/**
 * Who is calling, and what they may see. A unit user reaches only its own unit; a province user
 * the units whose GB/T 2260 region code starts with its province's two digits; the ministry all.
 */
import type { Role } from '../../shared/domain/submission-status.ts';
import type { ApiUser } from '../../shared/api/auth.ts';

export interface Principal {
  userId: string;
  username: string;
  role: Role;
  /** Unit users only. */
  unitId?: string;
  /** Province users: their province code (430000); unit users: their unit's region. */
  regionCode?: string;
  displayName: string;
}

export interface UnitScopeInfo {
  id: string;
  regionCode: string;
}

export function provinceDigits(regionCode: string): string {
  return regionCode.slice(0, 2);
}

export function canSeeUnit(p: Principal, unit: UnitScopeInfo): boolean {
  switch (p.role) {
    case 'ministry':
      return true;
    case 'province':
      return p.regionCode !== undefined && provinceDigits(unit.regionCode) === provinceDigits(p.regionCode);
    case 'unit':
      return p.unitId === unit.id;
  }
}

/** May this principal place a unit in this region (create a unit there or move one there)? */
export function canUseRegion(p: Principal, regionCode: string): boolean {
  if (p.role === 'ministry') return true;
  return p.regionCode !== undefined && provinceDigits(regionCode) === provinceDigits(p.regionCode);
}

/**
 * A SQL condition limiting `column` (a unit id) to what the principal may see, with its
 * parameters numbered from `firstParam`.
 */
export function unitScopeSql(
  p: Principal,
  column: string,
  firstParam: number,
): { sql: string; params: unknown[] } {
  switch (p.role) {
    case 'ministry':
      return { sql: 'TRUE', params: [] };
    case 'province':
      return {
        sql: `${column} IN (SELECT id FROM units WHERE substr(region_code, 1, 2) = $${firstParam})`,
        params: [provinceDigits(p.regionCode ?? '')],
      };
    case 'unit':
      return { sql: `${column} = $${firstParam}`, params: [p.unitId ?? ''] };
  }
}

/** Uploads and blob references belong to the unit for unit users, to the person otherwise. */
export function blobOwner(p: Principal): string {
  return p.role === 'unit' && p.unitId ? `unit:${p.unitId}` : `user:${p.userId}`;
}

export function toApiUser(p: Principal): ApiUser {
  return {
    id: p.userId,
    username: p.username,
    role: p.role,
    displayName: p.displayName,
    ...(p.unitId ? { unitId: p.unitId } : {}),
    ...(p.regionCode ? { regionCode: p.regionCode } : {}),
  };
}
