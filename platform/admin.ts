/**
 * Accounts and units created by the operator (the demo seed, tests, later an admin CLI) rather
 * than by sync. Writes go through the same write lock and change sequence as pushes, so a seeded
 * unit profile reaches clients by pull like any other record.
 */
import type { Db } from './db/types.ts';
import { nextSeq, writeTransaction } from './db/write.ts';
import { unitDocSchema } from '../shared/api/entities.ts';
import type { UnitProfileInput } from '../shared/domain/unit.ts';
import type { Role } from '../shared/domain/submission-status.ts';
import { newId } from '../shared/util/ids.ts';
import { hashPassword, type ScryptParams } from './auth/passwords.ts';
import { getEntity, putEntity } from './store/entities.ts';
import { putUnit } from './store/units.ts';
import { findUserByUsername, insertUser } from './store/users.ts';

/** Who the platform itself is in `updatedBy` when it writes a record. */
export const SYSTEM_ACTOR = 'system';

/** Creates the unit and its profile record unless it exists; a valid profile is required. */
export async function ensureUnit(
  db: Db,
  profile: UnitProfileInput,
  now = new Date().toISOString(),
): Promise<void> {
  const doc = unitDocSchema.parse(profile);
  await writeTransaction(db, async (tx) => {
    if (await getEntity(tx, 'unit', doc.id)) return;
    await putUnit(tx, { id: doc.id, name: doc.name, regionCode: doc.regionCode }, now);
    await putEntity(tx, {
      entity: 'unit',
      id: doc.id,
      unitId: doc.id,
      parentId: null,
      rev: 1,
      seq: await nextSeq(tx),
      deleted: false,
      doc,
      updatedAt: now,
      updatedBy: SYSTEM_ACTOR,
    });
  });
}

export interface NewAccount {
  username: string;
  password: string;
  role: Role;
  displayName: string;
  unitId?: string;
  /** Province users: the province code (430000). */
  regionCode?: string;
  id?: string;
}

/** Creates the account unless the username is taken; true when created. */
export async function ensureUser(db: Db, a: NewAccount, params?: ScryptParams): Promise<boolean> {
  if (await findUserByUsername(db, a.username)) return false;
  const passwordHash = await hashPassword(a.password, params);
  return writeTransaction(db, (tx) =>
    insertUser(
      tx,
      {
        id: a.id ?? newId(),
        username: a.username,
        passwordHash,
        role: a.role,
        displayName: a.displayName,
        ...(a.unitId ? { unitId: a.unitId } : {}),
        ...(a.regionCode ? { regionCode: a.regionCode } : {}),
      },
      new Date().toISOString(),
    ),
  );
}
