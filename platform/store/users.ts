/** Platform accounts. Only the scrypt hash of a password is ever stored. */
import type { Queryable } from '../db/types.ts';
import type { Role } from '../../shared/domain/submission-status.ts';
import type { Principal } from '../auth/principal.ts';

export interface UserRow {
  id: string;
  username: string;
  passwordHash: string;
  role: Role;
  unitId: string | null;
  /** Province code for province users; the unit's region for unit users. */
  regionCode: string | null;
  displayName: string;
  disabled: boolean;
}

interface RawUser {
  id: string;
  username: string;
  password_hash: string;
  role: Role;
  unit_id: string | null;
  region_code: string | null;
  unit_region: string | null;
  display_name: string;
  disabled: boolean;
}

const SELECT = `SELECT u.id, u.username, u.password_hash, u.role, u.unit_id, u.region_code, u.display_name,
  u.disabled, un.region_code AS unit_region FROM users u LEFT JOIN units un ON un.id = u.unit_id`;

function fromRow(r: RawUser): UserRow {
  return {
    id: r.id,
    username: r.username,
    passwordHash: r.password_hash,
    role: r.role,
    unitId: r.unit_id,
    regionCode: r.region_code ?? r.unit_region,
    displayName: r.display_name,
    disabled: r.disabled,
  };
}

export async function findUserByUsername(q: Queryable, username: string): Promise<UserRow | undefined> {
  const rows = await q.query<RawUser>(`${SELECT} WHERE lower(u.username) = lower($1)`, [username]);
  return rows[0] && fromRow(rows[0]);
}

export async function findUserById(q: Queryable, id: string): Promise<UserRow | undefined> {
  const rows = await q.query<RawUser>(`${SELECT} WHERE u.id = $1`, [id]);
  return rows[0] && fromRow(rows[0]);
}

export interface NewUser {
  id: string;
  username: string;
  passwordHash: string;
  role: Role;
  unitId?: string;
  /** Province users: the province code, e.g. 430000. */
  regionCode?: string;
  displayName: string;
}

/** Inserts the user unless the username exists; true when inserted. */
export async function insertUser(q: Queryable, u: NewUser, now: string): Promise<boolean> {
  const rows = await q.query(
    `INSERT INTO users (id, username, password_hash, role, unit_id, region_code, display_name, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (username) DO NOTHING RETURNING id`,
    [
      u.id,
      u.username,
      u.passwordHash,
      u.role,
      u.unitId ?? null,
      u.role === 'province' ? (u.regionCode ?? null) : null,
      u.displayName,
      now,
    ],
  );
  return rows.length === 1;
}

export function principalOf(u: UserRow): Principal {
  return {
    userId: u.id,
    username: u.username,
    role: u.role,
    displayName: u.displayName,
    ...(u.unitId ? { unitId: u.unitId } : {}),
    ...(u.regionCode ? { regionCode: u.regionCode } : {}),
  };
}
