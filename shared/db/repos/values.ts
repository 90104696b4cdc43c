/**
 * Indicator values: each edit is its own transaction (value + audit), written as it happens,
 * so a killed tab loses nothing that was acknowledged.
 */
import type { TianbaoDb } from '../database.ts';
import { guardedWrite } from '../errors.ts';
import type { Value } from '../../domain/expr/index.ts';
import { nowIso } from '../../util/ids.ts';

export async function setValue(
  db: TianbaoDb,
  submissionId: string,
  code: string,
  value: Value,
  actor: string,
): Promise<boolean> {
  return guardedWrite(() =>
    db.transaction('rw', db.values, db.audit, async () => {
      const before = await db.values.get([submissionId, code]);
      if (before && before.value === value) return false;
      const at = nowIso();
      await db.values.put({ submissionId, code, value, updatedAt: at, updatedBy: actor });
      await db.audit.add({
        at,
        actor,
        entity: 'value',
        entityId: submissionId,
        field: code,
        before: before?.value ?? null,
        after: value,
      });
      return true;
    }),
  );
}

export async function getValues(db: TianbaoDb, submissionId: string): Promise<Record<string, Value>> {
  const rows = await db.values.where('submissionId').equals(submissionId).toArray();
  return Object.fromEntries(rows.map((r) => [r.code, r.value]));
}
