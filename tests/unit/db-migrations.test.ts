import { describe, expect, it } from 'vitest';
import {
  openDb,
  openStore,
  StorageError,
  SCHEMA_VERSIONS,
  LATEST_SCHEMA_VERSION,
  getActiveUnit,
  getValues,
} from '../../shared/db/index.ts';
import { memoryIndexedDb } from '../helpers/memory-db.ts';
import { fillV1, V1_COUNTS, V1_UNIT } from '../fixtures/db/v1.ts';
import { fillV2, V2_COUNTS } from '../fixtures/db/v2.ts';
import { fillV3, V3_COUNTS } from '../fixtures/db/v3.ts';
import { fillV4, V4_COUNTS } from '../fixtures/db/v4.ts';

/** One fixture per released schema version; a new version must add its own here. */
const FIXTURES: Record<number, { fill: typeof fillV1; counts: Record<string, number> }> = {
  1: { fill: fillV1, counts: V1_COUNTS },
  2: { fill: fillV2, counts: V2_COUNTS },
  3: { fill: fillV3, counts: V3_COUNTS },
  4: { fill: fillV4, counts: V4_COUNTS },
};

describe('schema migrations', () => {
  it('has a fixture for every schema version', () => {
    for (const v of SCHEMA_VERSIONS) expect(FIXTURES[v.version], `fixture for v${v.version}`).toBeDefined();
  });

  for (const { version } of SCHEMA_VERSIONS) {
    it(`upgrades a v${version} store to v${LATEST_SCHEMA_VERSION} without loss`, async () => {
      const idb = memoryIndexedDb();
      const old = openDb({
        ...idb,
        name: 'mig',
        versions: SCHEMA_VERSIONS.filter((v) => v.version <= version),
      });
      await FIXTURES[version]!.fill(old);
      old.close();

      const db = openDb({ ...idb, name: 'mig' });
      await db.open();
      expect(db.verno).toBe(LATEST_SCHEMA_VERSION);
      for (const [table, count] of Object.entries(FIXTURES[version]!.counts)) {
        expect(await db.table(table).count(), table).toBe(count);
      }
      expect((await getActiveUnit(db))?.uscc).toBe(V1_UNIT.uscc);
      expect((await getValues(db, 's-1')).T01_01).toBe(98);
      db.close();
    });
  }

  it('queues every record of a store from before sync (v2) for its first push', async () => {
    const idb = memoryIndexedDb();
    const old = openDb({ ...idb, name: 'mig-sync', versions: SCHEMA_VERSIONS.filter((v) => v.version <= 2) });
    await fillV2(old);
    const before = {
      unit: await old.table('units').count(),
      project: await old.table('projects').count(),
      submission: await old.table('submissions').count(),
      evidence: await old.table('evidence').count(),
    };
    old.close();
    const db = openDb({ ...idb, name: 'mig-sync' });
    await db.open();
    const queued = await db.outbox.toArray();
    for (const [entity, count] of Object.entries(before)) {
      expect(
        queued.filter((o) => o.entity === entity),
        entity,
      ).toHaveLength(count);
    }
    expect(new Set(queued.map((o) => o.mutationId)).size).toBe(queued.length);
    expect(queued.every((o) => o.kind === 'doc' && o.attempts === 0 && !o.sealed)).toBe(true);
    db.close();
  });

  it('refuses to open a store written by a newer app version and leaves it intact', async () => {
    const idb = memoryIndexedDb();
    const future = openDb({
      ...idb,
      name: 'future',
      versions: [...SCHEMA_VERSIONS, { version: LATEST_SCHEMA_VERSION + 1, stores: { extra: 'id' } }],
    });
    await future.table('meta').put({ key: 'k', value: 1 });
    future.close();
    const refused = await openStore({ ...idb, name: 'future' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StorageError);
    expect((refused as StorageError).userMessage.key).toBe('common:storage.version');
    const again = openDb({
      ...idb,
      name: 'future',
      versions: [...SCHEMA_VERSIONS, { version: LATEST_SCHEMA_VERSION + 1, stores: { extra: 'id' } }],
    });
    expect(await again.table('meta').get('k')).toEqual({ key: 'k', value: 1 });
  });
});
