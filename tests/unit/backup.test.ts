import { describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import {
  LATEST_SCHEMA_VERSION,
  openDb,
  SCHEMA_VERSIONS,
  StorageError,
  type TianbaoDb,
} from '../../shared/db/index.ts';
import {
  backupKind,
  BackupError,
  createBackup,
  formatBackupIssue,
  readBackup,
  restoreBackup,
  storeDigest,
  type ReadBackupResult,
  type VerifiedBackup,
} from '../../shared/backup/index.ts';
import { MIN_PBKDF2_ITERATIONS } from '../../shared/backup/crypto.ts';
import { depsOf } from '../../shared/backup/idb.ts';
import { createTranslator } from '../../shared/i18n/index.ts';
import { memoryDb, memoryIndexedDb } from '../helpers/memory-db.ts';
import { fillV2, V2_COUNTS } from '../fixtures/db/v2.ts';
import { fillV3, V3_COUNTS } from '../fixtures/db/v3.ts';

const zh = createTranslator('zh-CN');
/** The floor, so the many encrypted tests stay quick; the app uses PBKDF2_ITERATIONS. */
const iterations = MIN_PBKDF2_ITERATIONS;

/** 64 KiB that occur nowhere else, so a test can find them in the zip and change one. */
const EVIDENCE = Uint8Array.from({ length: 65_536 }, (_, i) => (i * 7 + 13) % 251);

/** The v3 fixture, evidence bytes, and values only structured clone can hold (Blob, Date, NaN…). */
async function filledStore(): Promise<TianbaoDb> {
  const db = memoryDb({ name: 'source' });
  await fillV3(db);
  await db.attachments.put({
    sha256: 'c'.repeat(64),
    name: '佐证.pdf',
    mimeType: 'application/pdf',
    size: EVIDENCE.byteLength,
    data: EVIDENCE,
    storedAt: '2026-01-10T08:00:00.000Z',
  });
  await db.meta.bulkPut([
    { key: 'seal', value: new Blob([new Uint8Array([9, 8, 7])], { type: 'image/png' }) },
    {
      key: 'odd',
      value: {
        at: new Date('2026-01-10T08:00:00.000Z'),
        missing: undefined,
        nan: NaN,
        negZero: -0,
        inf: -Infinity,
        big: 12345678901234567890n,
        $t: 'looks like a tag',
        floats: new Float64Array([1.5, -2.25]),
        buffer: new Uint16Array([1, 2, 3]).buffer,
        set: new Set(['a', 'b']),
        map: new Map([[1, { x: [null, undefined] }]]),
        parsed: JSON.parse('{"__proto__": {"polluted": true}, "lone": "\\ud800"}') as unknown,
      },
    },
  ]);
  return db;
}

function ok(result: ReadBackupResult): VerifiedBackup {
  if (!result.ok) throw new Error(result.issues.map((i) => zh.format(i.message)).join('\n'));
  return result.backup;
}

function issuesOf(result: ReadBackupResult) {
  if (result.ok) throw new Error('expected the backup to be refused');
  return result.issues;
}

async function counts(db: TianbaoDb): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of db.tables) {
    const n = await t.count();
    if (n > 0) out[t.name] = n;
  }
  return out;
}

describe('backup and restore', () => {
  it('restores every table and blob to a fresh profile: identical store digest', async () => {
    const source = await filledStore();
    const before = await storeDigest(source);
    const { bytes, manifest, encrypted } = await createBackup(source, { reason: 'manual' });
    expect(encrypted).toBe(false);
    expect(backupKind(bytes)).toBe('plain');
    expect(manifest.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(manifest.storeDigest).toBe(before);
    // Every table of the store is listed, empty ones too, with its row count.
    expect(manifest.tables.map((t) => t.name).sort()).toEqual(source.tables.map((t) => t.name).sort());
    const rows = Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows]));
    expect(rows).toMatchObject({ ...V3_COUNTS, attachments: 2, meta: 3 });
    const zip = await JSZip.loadAsync(bytes);
    expect(zip.file(`blobs/${await sha(EVIDENCE)}`)).not.toBeNull();

    const target = memoryDb({ name: 'fresh' });
    const backup = ok(await readBackup(bytes));
    const result = await restoreBackup(target, backup);
    expect(result).toMatchObject({ fromVersion: LATEST_SCHEMA_VERSION, migrated: false });
    expect(await storeDigest(target)).toBe(before);

    // The values come back as the same types, bytes as bytes.
    const att = await target.attachments.get('c'.repeat(64));
    expect(att?.data).toBeInstanceOf(Uint8Array);
    expect(att?.data).toEqual(EVIDENCE);
    const seal = (await target.meta.get('seal'))?.value;
    expect(seal).toBeInstanceOf(Blob);
    expect((seal as Blob).type).toBe('image/png');
    expect(new Uint8Array(await (seal as Blob).arrayBuffer())).toEqual(new Uint8Array([9, 8, 7]));
    const odd = (await target.meta.get('odd'))?.value as Record<string, unknown>;
    expect(odd.at).toEqual(new Date('2026-01-10T08:00:00.000Z'));
    expect('missing' in odd && odd.missing === undefined).toBe(true);
    expect(odd.nan).toBeNaN();
    expect(Object.is(odd.negZero, -0)).toBe(true);
    expect(odd.big).toBe(12345678901234567890n);
    expect(odd.$t).toBe('looks like a tag');
    expect(odd.floats).toEqual(new Float64Array([1.5, -2.25]));
    expect(new Uint16Array(odd.buffer as ArrayBuffer)).toEqual(new Uint16Array([1, 2, 3]));
    expect(odd.map).toEqual(new Map([[1, { x: [null, undefined] }]]));
    // A `__proto__` key read from JSON stays an own key; a lone surrogate survives.
    const parsed = odd.parsed as Record<string, unknown>;
    expect(Object.getOwnPropertyNames(parsed)).toEqual(['__proto__', 'lone']);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(parsed.lone).toBe('\ud800');
    // The audit table's auto-increment keys are kept.
    expect((await target.audit.toArray()).map((a) => a.id)).toEqual(
      (await source.audit.toArray()).map((a) => a.id),
    );
  });

  it('replaces what the target held rather than merging into it', async () => {
    const source = await filledStore();
    const target = memoryDb({ name: 'target' });
    await target.units.put({ ...(await source.units.toArray())[0]!, id: 'other-unit', name: '另一个单位' });
    await target.values.put({ submissionId: 's-9', code: 'X', value: 1, updatedAt: 'x', updatedBy: 'y' });
    const backup = ok(await readBackup((await createBackup(source)).bytes));
    await restoreBackup(target, backup);
    expect(await target.units.get('other-unit')).toBeUndefined();
    expect(await target.values.get(['s-9', 'X'])).toBeUndefined();
    expect(await storeDigest(target)).toBe(await storeDigest(source));
  });

  it('encrypts with a passphrase and restores with it', async () => {
    const source = await filledStore();
    const { bytes, encrypted } = await createBackup(source, { passphrase: '省厅备份口令 2026', iterations });
    expect(encrypted).toBe(true);
    expect(backupKind(bytes)).toBe('encrypted');
    expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe('TBBAKENC');
    // Nothing readable inside: neither the zip nor the evidence bytes.
    expect(Buffer.from(bytes).includes(Buffer.from('manifest.json'))).toBe(false);
    expect(Buffer.from(bytes).includes(Buffer.from(EVIDENCE.subarray(0, 64)))).toBe(false);

    const missing = issuesOf(await readBackup(bytes));
    expect(missing.map((i) => i.code)).toEqual(['passphraseRequired']);

    const backup = ok(await readBackup(bytes, { passphrase: '省厅备份口令 2026' }));
    expect(backup.encrypted).toBe(true);
    const target = memoryDb({ name: 'fresh' });
    await restoreBackup(target, backup);
    expect(await storeDigest(target)).toBe(await storeDigest(source));
  });

  it('a wrong passphrase is refused with a clear message and restores nothing', async () => {
    const source = await filledStore();
    const { bytes } = await createBackup(source, { passphrase: 'right-passphrase', iterations });
    const issues = issuesOf(await readBackup(bytes, { passphrase: 'wrong-passphrase' }));
    expect(issues.map((i) => i.code)).toEqual(['decryptFailed']);
    expect(zh.format(issues[0]!.message)).toBe('口令不正确或备份文件已损坏，无法解密');
  });

  it('one changed byte is caught and named: in an evidence blob, in a table, in an encrypted file', async () => {
    const source = await filledStore();
    const { bytes } = await createBackup(source);
    const blobEntry = `blobs/${await sha(EVIDENCE)}`;

    // Evidence is stored uncompressed: find its bytes in the file and change one.
    const at = Buffer.from(bytes).indexOf(Buffer.from(EVIDENCE.subarray(1000, 1064))) + 10;
    expect(at).toBeGreaterThan(10);
    const changed = bytes.slice();
    changed[at] = changed[at]! ^ 0xff;
    const issues = issuesOf(await readBackup(changed));
    expect(issues.map((i) => [i.code, i.entry])).toEqual([['hashMismatch', blobEntry]]);
    expect(zh.format(issues[0]!.message)).toContain(`条目 ${blobEntry} 已损坏或被改动`);

    // A row edited and the zip rewritten (a naive edit): the entry's hash no longer matches.
    const zip = await JSZip.loadAsync(bytes);
    const entry = 'tables/values/0001.ndjson';
    const text = await zip.file(entry)!.async('string');
    expect(text).toContain('"value":98');
    zip.file(entry, text.replace('"value":98', '"value":99'));
    const edited = await zip.generateAsync({ type: 'uint8array' });
    const editIssues = issuesOf(await readBackup(edited));
    expect(editIssues.map((i) => i.entry)).toContain(entry);
    expect(editIssues.find((i) => i.entry === entry)?.code).toBe('hashMismatch');

    const sealed = (await createBackup(source, { passphrase: 'pw-12345678', iterations })).bytes;
    const flipped = sealed.slice();
    flipped[sealed.length - 100] = flipped[sealed.length - 100]! ^ 0x01;
    expect(issuesOf(await readBackup(flipped, { passphrase: 'pw-12345678' })).map((i) => i.code)).toEqual([
      'decryptFailed',
    ]);
  });

  it('a truncated file is refused as incomplete, plain or encrypted', async () => {
    const source = await filledStore();
    const { bytes } = await createBackup(source);
    for (const cut of [bytes.length - 1, Math.floor(bytes.length / 2), 3]) {
      const issues = issuesOf(await readBackup(bytes.subarray(0, cut)));
      expect(
        issues.map((i) => i.code),
        `cut at ${cut}`,
      ).toEqual(['truncated']);
      expect(zh.format(issues[0]!.message)).toContain('备份文件不完整');
    }
    const sealed = (await createBackup(source, { passphrase: 'pw-12345678', iterations })).bytes;
    expect(issuesOf(await readBackup(sealed.subarray(0, 30), { passphrase: 'pw-12345678' }))[0]!.code).toBe(
      'truncated',
    );
    expect(issuesOf(await readBackup(sealed.subarray(0, 5)))[0]!.code).toBe('truncated');
    expect(
      issuesOf(await readBackup(sealed.subarray(0, sealed.length - 1000), { passphrase: 'pw-12345678' }))[0]!
        .code,
    ).toBe('decryptFailed');
    expect(issuesOf(await readBackup(new Uint8Array(0)))[0]!.code).toBe('empty');
    expect(issuesOf(await readBackup(new TextEncoder().encode('not a backup at all')))[0]!.code).toBe(
      'notBackup',
    );
  });

  it('an edited manifest and a row citing bytes the backup lacks are named with their place', async () => {
    const source = await filledStore();
    const { bytes } = await createBackup(source);
    const zip = await JSZip.loadAsync(bytes);
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as {
      tables: { name: string; rows: number }[];
    };
    manifest.tables.find((t) => t.name === 'units')!.rows = 5;
    zip.file('manifest.json', JSON.stringify(manifest));
    const issues = issuesOf(await readBackup(await zip.generateAsync({ type: 'uint8array' })));
    expect(issues[0]).toMatchObject({ code: 'manifestHash', entry: 'manifest.json' });

    // A blob removed from the zip and from the manifest: the row citing it is named by line.
    const evidenceSha = await sha(EVIDENCE);
    const zip2 = await JSZip.loadAsync(bytes);
    const m2 = JSON.parse(await zip2.file('manifest.json')!.async('string')) as { files: { path: string }[] };
    m2.files = m2.files.filter((f) => f.path !== `blobs/${evidenceSha}`);
    zip2.remove(`blobs/${evidenceSha}`);
    zip2.file('manifest.json', JSON.stringify(m2));
    const { manifestHash } = await import('../../shared/backup/write.ts');
    zip2.file('manifest.sha256', `${manifestHash(m2)}\n`);
    const missing = issuesOf(await readBackup(await zip2.generateAsync({ type: 'uint8array' })));
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({
      code: 'missingBlob',
      entry: 'tables/attachments/0001.ndjson',
      line: 2,
    });
    expect(formatBackupIssue(missing[0]!, zh)).toContain('第 2 行引用的文件');
  });

  it('refuses a backup from a newer schema than the app has and leaves the store alone', async () => {
    const idb = memoryIndexedDb();
    const newer = openDb({
      ...idb,
      name: 'newer',
      versions: [...SCHEMA_VERSIONS, { version: LATEST_SCHEMA_VERSION + 1, stores: { later: 'id' } }],
    });
    await fillV3(newer);
    await newer.table('later').put({ id: 'x' });
    const backup = ok(await readBackup((await createBackup(newer)).bytes));
    expect(backup.manifest.schemaVersion).toBe(LATEST_SCHEMA_VERSION + 1);

    const target = await filledStore();
    const before = await storeDigest(target);
    const error = await restoreBackup(target, backup).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as BackupError).issues[0]!.code).toBe('newerSchema');
    expect(zh.format((error as BackupError).userMessage)).toContain(
      `数据结构第 ${LATEST_SCHEMA_VERSION + 1} 版，本程序为第 ${LATEST_SCHEMA_VERSION} 版`,
    );
    expect(await storeDigest(target)).toBe(before);
  });

  it('a failure half-way through the restore leaves the previous store exactly as it was', async () => {
    const backup = ok(await readBackup((await createBackup(await filledStore())).bytes));
    const target = memoryDb({ name: 'target' });
    await fillV2(target);
    await target.values.put({
      submissionId: 's-1',
      code: 'T01_09',
      value: 7,
      updatedAt: 'x',
      updatedBy: 'y',
    });
    const before = await storeDigest(target);
    const beforeCounts = await counts(target);
    // Fails on the conflicts table, after units, values, attachments… were cleared and refilled.
    target.conflicts.hook('creating', () => {
      throw new Error('disk full');
    });
    const error = await restoreBackup(target, backup, { backupFirst: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(zh.format((error as StorageError).userMessage)).toContain('disk full');
    expect(await storeDigest(target)).toBe(before);
    expect(await counts(target)).toEqual(beforeCounts);
  });

  it('a backup from an older schema is restored at its version, then migrated like any old store', async () => {
    const idb = memoryIndexedDb();
    const old = openDb({ ...idb, name: 'old', versions: SCHEMA_VERSIONS.filter((v) => v.version <= 2) });
    await fillV2(old);
    const { bytes, manifest } = await createBackup(old);
    expect(manifest.schemaVersion).toBe(2);
    expect(manifest.tables.map((t) => t.name)).not.toContain('outbox');

    const target = await filledStore();
    const result = await restoreBackup(target, ok(await readBackup(bytes)));
    expect(result).toMatchObject({ fromVersion: 2, toVersion: LATEST_SCHEMA_VERSION, migrated: true });
    for (const [table, count] of Object.entries(V2_COUNTS)) {
      expect(await target.table(table).count(), table).toBe(count);
    }
    expect(await target.values.get(['s-1', 'T01_02'])).toMatchObject({ value: 40, raw: '四十' });
    // The v3 upgrade ran: the unit, project, submission and evidence are queued for their first push.
    const queued = await target.outbox.toArray();
    expect(queued.map((o) => o.entity).sort()).toEqual(['evidence', 'project', 'submission', 'unit']);
    expect(await target.syncState.count()).toBe(0);
    expect(await target.conflicts.count()).toBe(0);
    // The scratch database used for the migration is gone; the store and its backups remain.
    const names = (await depsOf(target).indexedDB.databases()).map((d) => d.name).sort();
    expect(names).toEqual(['source', 'source-backups']);
  });
});

async function sha(bytes: Uint8Array): Promise<string> {
  const { sha256Hex } = await import('../../shared/util/sha256.ts');
  return sha256Hex(bytes);
}
