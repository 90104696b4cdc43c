/** The units table: id, name and region, the basis of every authorisation decision. */
import type { Queryable } from '../db/types.ts';

export interface UnitRow {
  id: string;
  name: string;
  regionCode: string;
}

export async function getUnit(q: Queryable, id: string): Promise<UnitRow | undefined> {
  const rows = await q.query<{ id: string; name: string; region_code: string }>(
    'SELECT id, name, region_code FROM units WHERE id = $1',
    [id],
  );
  const r = rows[0];
  return r && { id: r.id, name: r.name, regionCode: r.region_code };
}

/** Creates the unit or updates its name and region. */
export async function putUnit(q: Queryable, unit: UnitRow, now: string): Promise<void> {
  await q.query(
    `INSERT INTO units (id, name, region_code, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, region_code = EXCLUDED.region_code`,
    [unit.id, unit.name, unit.regionCode, now],
  );
}
