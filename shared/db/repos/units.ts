/**
 * The unit profile. A half-typed profile is kept as a draft on every keystroke (so nothing
 * typed is lost); only a profile that validates becomes the unit record, with an audit entry
 * per changed field, in one transaction.
 */
import { markDirty } from '../../sync/outbox.ts';
import type { TianbaoDb } from '../database.ts';
import { guardedWrite } from '../errors.ts';
import type { UnitRecord } from '../records.ts';
import type { UnitProfile } from '../../domain/unit.ts';
import { nowIso } from '../../util/ids.ts';
import { auditEntries } from './audit.ts';

const ACTIVE_UNIT = 'activeUnitId';
const UNIT_DRAFT = 'unitDraft';

export async function getActiveUnit(db: TianbaoDb): Promise<UnitRecord | undefined> {
  const id = (await db.meta.get(ACTIVE_UNIT))?.value;
  return typeof id === 'string' ? db.units.get(id) : undefined;
}

export async function saveUnitProfile(
  db: TianbaoDb,
  profile: UnitProfile,
  actor: string,
): Promise<UnitRecord> {
  return guardedWrite(() =>
    db.transaction('rw', [db.units, db.audit, db.meta, db.outbox], async () => {
      const before = await db.units.get(profile.id);
      const at = nowIso();
      const record: UnitRecord = { ...profile, updatedAt: at };
      await db.units.put(record);
      const entries = auditEntries({ at, actor, entity: 'unit', entityId: profile.id }, before, record);
      if (entries.length) await db.audit.bulkAdd(entries);
      await markDirty(db, 'unit', profile.id);
      await db.meta.put({ key: ACTIVE_UNIT, value: profile.id });
      await db.meta.delete(UNIT_DRAFT);
      return record;
    }),
  );
}

/** The form as typed, valid or not. */
export type UnitDraft = Record<string, unknown>;

export async function saveUnitDraft(db: TianbaoDb, draft: UnitDraft): Promise<void> {
  await guardedWrite(() => db.meta.put({ key: UNIT_DRAFT, value: draft }));
}

export async function loadUnitDraft(db: TianbaoDb): Promise<UnitDraft | undefined> {
  return (await db.meta.get(UNIT_DRAFT))?.value as UnitDraft | undefined;
}
