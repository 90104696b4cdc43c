/**
 * Submission packages: what goes in comes back out unchanged, and every way a package can be
 * damaged or edited is refused with located errors (never a throw, never partial content).
 */
import fc from 'fast-check';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashDocument, submissionDocument, type TianbaoDb } from '../../shared/db/index.ts';
import { createTranslator } from '../../shared/i18n/index.ts';
import { submissionDocumentOf } from '../../shared/package/checks.ts';
import {
  formatPackageError,
  LIMITS,
  PACKAGE_ERROR_CODES,
  type PackageContent,
  type PackageError,
} from '../../shared/package/format.ts';
import { packageContentFromStore } from '../../shared/package/from-store.ts';
import { readPackage, type ReadResult } from '../../shared/package/read.ts';
import { PackageWriteError, writePackage } from '../../shared/package/write.ts';
import { sha256HexSync } from '../../shared/util/sha256.ts';
import {
  declareCount,
  declareSize,
  editEntries,
  entriesOf,
  indexOfBytes,
  jsonOf,
  PDF,
  PHOTO,
  rehashManifest,
  relist,
  renameEntry,
  reseal,
  seedSubmission,
  setJson,
  zipEntries,
  type Seeded,
} from '../fixtures/package.ts';
import { memoryDb } from '../helpers/memory-db.ts';

const zh = createTranslator('zh-CN');
const en = createTranslator('en');
const CREATED = '2026-03-05T08:00:00.000Z';
const PDF_SHA = sha256HexSync(PDF);
const PHOTO_SHA = sha256HexSync(PHOTO);

let db: TianbaoDb;
let seeded: Seeded;
let content: PackageContent;
let pkg: Uint8Array;

beforeAll(async () => {
  db = memoryDb();
  seeded = await seedSubmission(db);
  content = await packageContentFromStore(db, seeded.submissionId);
  pkg = await writePackage(content, { createdAt: CREATED, appVersion: '0.1.0' });
});
afterAll(() => db.close());

function errorsOf(result: ReadResult): PackageError[] {
  if (result.ok) throw new Error('expected the package to be refused');
  return result.errors;
}

/** [code, entry, field] of every error, for compact assertions. */
function located(result: ReadResult): [string, string, string?][] {
  return errorsOf(result).map((e) => (e.field ? [e.code, e.entry, e.field] : [e.code, e.entry]));
}

function lines(result: ReadResult, tr = zh): string[] {
  return errorsOf(result).map((e) => formatPackageError(e, tr));
}

describe('writing and reading a package', () => {
  it('round-trips the content exactly, with the receipt hash intact', async () => {
    const result = await readPackage(pkg);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.content).toEqual(content);
    expect(result.manifest).toMatchObject({
      format: 'tianbao-submission-package',
      formatVersion: 1,
      createdAt: CREATED,
      appVersion: '0.1.0',
      unit: {
        id: 'unit-hngy',
        name: '湖南工业职业技术学院',
        uscc: '12430000444880189T',
        regionCode: '430100',
      },
      project: { id: seeded.projectId, name: '长沙市域产教联合体', taskCode: 'T01' },
      submission: { id: seeded.submissionId, year: 2025, status: 'submitted' },
    });
    // The snapshot hash the unit's app shows is what the content hashes to, here and in the store.
    const stored = hashDocument(await submissionDocument(db, seeded.submissionId));
    expect(result.manifest.submission.snapshotSha256).toBe(stored);
    expect(hashDocument(submissionDocumentOf(result.content))).toBe(stored);
    expect(result.content.submission.doc.raw).toEqual({ T01_03: '大约二十' });
    expect(result.content.evidence).toHaveLength(3);
    expect(Object.keys(result.content.blobs).sort()).toEqual([PDF_SHA, PHOTO_SHA].sort());
    expect(result.content.blobs[PHOTO_SHA]).toEqual(PHOTO);
    expect(result.content.comments.map((c) => c.doc.text)).toEqual(['请补充成员单位的协议扫描件']);
    expect(result.content.snapshots).toHaveLength(1);
  });

  it('lays the zip out as documented: manifest, its hash, the content, one blob per file', async () => {
    const names = (await entriesOf(pkg)).map((e) => e.name);
    expect(names).toEqual([
      'manifest.json',
      'manifest.sha256',
      'submission.json',
      ...[PDF_SHA, PHOTO_SHA].sort().map((s) => `evidence/${s}`),
    ]);
    const entries = await entriesOf(pkg);
    const manifest = jsonOf(entries, 'manifest.json') as {
      files: { path: string; size: number; sha256: string }[];
    };
    expect(manifest.files.map((f) => f.path)).toEqual(names.slice(2));
    for (const f of manifest.files) {
      const e = entries.find((x) => x.name === f.path)!;
      expect([f.size, f.sha256]).toEqual([e.data.byteLength, sha256HexSync(e.data)]);
    }
  });

  it('gives the same bytes for the same content and time', async () => {
    expect(await writePackage(content, { createdAt: CREATED, appVersion: '0.1.0' })).toEqual(pkg);
  });

  it('a draft travels without a snapshot', async () => {
    const d = memoryDb();
    const s = await seedSubmission(d, { submit: false });
    const draft = await packageContentFromStore(d, s.submissionId);
    const result = await readPackage(await writePackage(draft));
    d.close();
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.manifest.submission).toEqual({ id: s.submissionId, year: 2025, status: 'draft' });
      expect(result.content).toEqual(draft);
    }
  });

  it('refuses to write what the reader would refuse, with the same located errors', async () => {
    const bad = structuredClone(content);
    bad.submission.doc.values.T01_01 = 999; // no longer what was frozen at submit
    bad.blobs = { ...bad.blobs, ['0'.repeat(64)]: new Uint8Array([1]) };
    const error = await writePackage(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PackageWriteError);
    expect((error as PackageWriteError).errors.map((e) => e.code).sort()).toEqual([
      'blobName',
      'snapshotMismatch',
    ]);

    const invalid = structuredClone(content);
    (invalid.unit.doc as { name: unknown }).name = 42;
    const schema = await writePackage(invalid).catch((e: unknown) => e);
    expect((schema as PackageWriteError).errors).toMatchObject([
      { code: 'schema', entry: 'submission.json', field: 'unit.doc.name' },
    ]);
  });
});

describe('tampered, damaged and hostile packages', () => {
  it('a flipped byte in an evidence file: that file, both hashes', async () => {
    const bad = pkg.slice();
    bad[indexOfBytes(bad, PHOTO) + 100]! ^= 0xff;
    const result = await readPackage(bad);
    expect(located(result)).toEqual([['hashMismatch', `evidence/${PHOTO_SHA}`]]);
    const [e] = errorsOf(result);
    expect(e!.message.params).toMatchObject({ expected: PHOTO_SHA });
    expect(lines(result)[0]).toMatch(
      new RegExp(
        `^evidence/${PHOTO_SHA} 的 SHA-256 与清单不符：清单 ${PHOTO_SHA.slice(0, 12)}…，实际 [0-9a-f]{12}…$`,
      ),
    );
  });

  it('submission.json edited, manifest kept', async () => {
    const bad = await editEntries(pkg, (entries) => {
      const body = jsonOf(entries, 'submission.json') as {
        submission: { doc: { values: Record<string, unknown> } };
      };
      body.submission.doc.values.T01_01 = 999; // as many digits as 128: the size still matches
      setJson(entries, 'submission.json', body);
    });
    const result = await readPackage(bad);
    expect(located(result)).toEqual([['hashMismatch', 'submission.json']]);
    expect(lines(result)[0]).toMatch(
      /submission\.json 的 SHA-256 与清单不符：清单 [0-9a-f]{12}…，实际 [0-9a-f]{12}…/,
    );
  });

  it('submission.json edited and re-listed in the manifest: the manifest hash and the receipt catch it', async () => {
    const bad = await editEntries(pkg, (entries) => {
      const body = jsonOf(entries, 'submission.json') as {
        submission: { doc: { values: Record<string, unknown> } };
      };
      body.submission.doc.values.T01_01 = 999;
      setJson(entries, 'submission.json', body);
      relist(entries);
    });
    expect(located(await readPackage(bad))).toEqual([
      ['manifestHash', 'manifest.json'],
      ['snapshotMismatch', 'submission.json', 'submission.doc.snapshotSha256'],
    ]);
  });

  it('every hash recomputed after an edit: the submission no longer matches its receipt', async () => {
    const bad = await editEntries(pkg, (entries) => {
      const body = jsonOf(entries, 'submission.json') as {
        submission: { doc: { values: Record<string, unknown> } };
      };
      body.submission.doc.values.T01_01 = 999;
      setJson(entries, 'submission.json', body);
      reseal(entries);
    });
    const result = await readPackage(bad);
    expect(located(result)).toEqual([
      ['snapshotMismatch', 'submission.json', 'submission.doc.snapshotSha256'],
    ]);
    expect(lines(result)[0]).toContain('填报内容与提交时的快照不符');
  });

  it('the manifest edited: caught by its hash, and by the content when the hash is redone', async () => {
    const rename = (entries: Parameters<typeof setJson>[0]) => {
      const m = jsonOf(entries, 'manifest.json') as { unit: { name: string } };
      m.unit.name = '另一所学校';
      setJson(entries, 'manifest.json', m);
    };
    expect(located(await readPackage(await editEntries(pkg, rename)))).toEqual([
      ['manifestHash', 'manifest.json'],
      ['manifestMismatch', 'manifest.json', 'unit.name'],
    ]);
    const resealed = await editEntries(pkg, (entries) => {
      rename(entries);
      rehashManifest(entries);
    });
    const result = await readPackage(resealed);
    expect(located(result)).toEqual([['manifestMismatch', 'manifest.json', 'unit.name']]);
    expect(lines(result)[0]).toBe(
      '清单中的 unit.name 与 submission.json 不一致：清单为“另一所学校”，内容为“湖南工业职业技术学院”',
    );
  });

  it('an entry removed', async () => {
    const noBlob = await editEntries(pkg, (entries) =>
      entries.filter((e) => e.name !== `evidence/${PDF_SHA}`),
    );
    expect(located(await readPackage(noBlob))).toEqual([
      ['missingEntry', `evidence/${PDF_SHA}`],
      ['blobMissing', 'submission.json', expect.stringMatching(/^evidence\.\d\.doc\.sha256$/)],
      ['blobMissing', 'submission.json', expect.stringMatching(/^evidence\.\d\.doc\.sha256$/)],
    ]);
    const noManifest = await editEntries(pkg, (entries) => entries.filter((e) => e.name !== 'manifest.json'));
    expect(located(await readPackage(noManifest))).toEqual([['missingManifest', 'manifest.json']]);
    const noHash = await editEntries(pkg, (entries) => entries.filter((e) => e.name !== 'manifest.sha256'));
    expect(located(await readPackage(noHash))).toEqual([['missingManifestHash', 'manifest.sha256']]);
    const noContent = await editEntries(pkg, (entries) =>
      entries.filter((e) => e.name !== 'submission.json'),
    );
    expect(located(await readPackage(noContent))).toEqual([['missingEntry', 'submission.json']]);
  });

  it('an entry added', async () => {
    const bad = await editEntries(pkg, (entries) => [
      ...entries,
      { name: 'evil.exe', data: new Uint8Array([77, 90]) },
    ]);
    const result = await readPackage(bad);
    expect(located(result)).toEqual([['extraEntry', 'evil.exe']]);
    expect(lines(result, en)[0]).toBe('evil.exe is in the package but not in its manifest');
  });

  it('an entry twice under one name', async () => {
    const bad = await editEntries(pkg, (entries) => [
      ...entries,
      { name: 'submission.json', data: new Uint8Array([123, 125]) },
    ]);
    expect(located(await readPackage(bad))).toEqual([['duplicateEntry', 'submission.json']]);
  });

  it('truncated at any length', async () => {
    for (const length of [0, 1, 3, 30, 100, Math.floor(pkg.length / 2), pkg.length - 23, pkg.length - 1]) {
      const result = await readPackage(pkg.slice(0, length));
      expect(located(result), `length ${length}`).toEqual([[length === 0 ? 'notZip' : 'truncated', '']]);
    }
    expect(lines(await readPackage(pkg.slice(0, 500)))[0]).toContain('提交包已损坏或不完整');
  });

  it('names that climb out of the folder or are absolute', async () => {
    const target = `evidence/${PDF_SHA}`;
    const climb = `../${'x'.repeat(target.length - 3)}`;
    const result = await readPackage(renameEntry(pkg, target, climb));
    expect(located(result)).toEqual([
      ['unsafePath', climb],
      ['missingEntry', target],
      ['blobMissing', 'submission.json', expect.any(String)],
      ['blobMissing', 'submission.json', expect.any(String)],
    ]);
    const absolute = `/${'y'.repeat(target.length - 1)}`;
    expect(located(await readPackage(renameEntry(pkg, target, absolute)))[0]).toEqual([
      'unsafePath',
      absolute,
    ]);
    // `evidence//…` would be cleaned to the real name by a zip library and shadow it.
    const shadow = await editEntries(pkg, (entries) => [
      ...entries,
      { name: `evidence//${PDF_SHA}`, data: PDF },
    ]);
    expect(located(await readPackage(shadow))).toEqual([
      ['unsafePath', `evidence//${PDF_SHA}`],
      ['corruptEntry', `evidence/${PDF_SHA}`],
    ]);
  });

  it('a huge declared size is refused before anything is inflated', async () => {
    const started = performance.now();
    const result = await readPackage(declareSize(pkg, 'submission.json', 0xfffffff0));
    expect(located(result)).toEqual([['tooLarge', '']]);
    expect(lines(result)[0]).toContain('超过上限 2048.0 MB');
    expect(performance.now() - started).toBeLessThan(1000);
    // Under the total but over what one evidence file may be.
    const big = await readPackage(declareSize(pkg, `evidence/${PHOTO_SHA}`, LIMITS.evidenceBytes + 1));
    expect(located(big)).toEqual([['sizeMismatch', `evidence/${PHOTO_SHA}`]]);
  });

  it('an understated size: inflating stops at the declared size (zip bomb)', async () => {
    const zeros = new Uint8Array(20 * 1024 ** 2);
    const bombed = await editEntries(pkg, (entries) => {
      entries.find((e) => e.name === `evidence/${PHOTO_SHA}`)!.data = zeros;
    });
    // The directory and the manifest both claim the original size; the entry inflates to 20 MB.
    const bad = declareSize(bombed, `evidence/${PHOTO_SHA}`, PHOTO.byteLength);
    const started = performance.now();
    const result = await readPackage(bad);
    expect(located(result)).toEqual([['sizeExceeded', `evidence/${PHOTO_SHA}`]]);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('too many entries is refused from the directory record alone', async () => {
    const result = await readPackage(declareCount(pkg, 0xffff));
    expect(located(result)).toEqual([['tooManyEntries', '']]);
    expect(errorsOf(result)[0]!.message.params).toMatchObject({ count: 0xffff, max: LIMITS.maxEntries });
  });

  it('not a zip, an unknown format, a newer version', async () => {
    expect(located(await readPackage(new TextEncoder().encode('%PDF-1.7 hello')))).toEqual([['notZip', '']]);
    const other = new JSZip();
    other.file('manifest.json', JSON.stringify({ format: 'something-else', formatVersion: 1 }));
    const foreign = await readPackage(await other.generateAsync({ type: 'uint8array' }));
    expect(located(foreign)).toEqual([['unknownFormat', 'manifest.json', 'format']]);
    const newer = await editEntries(pkg, (entries) => {
      setJson(entries, 'manifest.json', { ...jsonOf(entries, 'manifest.json'), formatVersion: 2 });
      rehashManifest(entries);
    });
    const result = await readPackage(newer);
    expect(located(result)).toEqual([['newerVersion', 'manifest.json', 'formatVersion']]);
    expect(lines(result)[0]).toBe('提交包格式版本 2 高于本程序支持的版本 1，请升级职教填报后再打开');
  });

  it('content that is not JSON, or breaks the schema, located to the field', async () => {
    const notJson = await editEntries(pkg, (entries) => {
      entries.find((e) => e.name === 'submission.json')!.data = new TextEncoder().encode('{"unit": ');
      reseal(entries);
    });
    expect(located(await readPackage(notJson))).toEqual([['invalidJson', 'submission.json']]);

    const badFields = await editEntries(pkg, (entries) => {
      const body = jsonOf(entries, 'submission.json') as {
        unit: { doc: { contacts: { phone: string }[] } };
        submission: { doc: Record<string, unknown> };
        evidence: { doc: { size: unknown } }[];
      };
      body.unit.doc.contacts[0]!.phone = '12345';
      body.submission.doc.year = '2025';
      body.submission.doc.surprise = true;
      body.evidence[0]!.doc.size = -1;
      setJson(entries, 'submission.json', body);
      reseal(entries);
    });
    const result = await readPackage(badFields);
    expect(located(result)).toEqual([
      ['schema', 'submission.json', 'unit.doc.contacts.0.phone'],
      ['schema', 'submission.json', 'submission.doc.year'],
      ['schema', 'submission.json', 'submission.doc'],
      ['schema', 'submission.json', 'evidence.0.doc.size'],
    ]);
    expect(lines(result)).toEqual([
      'submission.json 中的 unit.doc.contacts.0.phone 有误：联系电话“12345”格式不正确：手机号为11位（如 13812345678）；座机请带区号（如 0731-88888888、010-66097741，分机号可写在后面）',
      'submission.json 中的 submission.doc.year 有误：类型不对，应为 number',
      'submission.json 中的 submission.doc 有误：有不认识的字段：surprise',
      'submission.json 中的 evidence.0.doc.size 有误：太小，最小为 0',
    ]);
  });

  it('an evidence file replaced and re-listed: its name still says what belongs there', async () => {
    const bad = await editEntries(pkg, (entries) => {
      entries.find((e) => e.name === `evidence/${PDF_SHA}`)!.data = new TextEncoder().encode('%PDF forged');
      reseal(entries);
    });
    const result = await readPackage(bad);
    expect(located(result)).toEqual([['blobName', `evidence/${PDF_SHA}`]]);
  });

  it('ids that do not point at each other', async () => {
    const bad = await editEntries(pkg, (entries) => {
      const body = jsonOf(entries, 'submission.json') as { comments: { doc: { submissionId: string } }[] };
      body.comments[0]!.doc.submissionId = 'someone-else';
      setJson(entries, 'submission.json', body);
      reseal(entries);
    });
    expect(located(await readPackage(bad))).toEqual([
      ['reference', 'submission.json', 'comments.0.doc.submissionId'],
    ]);
  });

  it('zipEntries round-trips an untouched package', async () => {
    const again = await readPackage(await zipEntries(await entriesOf(pkg)));
    expect(again.ok).toBe(true);
  });
});

describe('messages', () => {
  it('every error code has a message in both languages', () => {
    for (const code of PACKAGE_ERROR_CODES) {
      for (const tr of [zh, en]) {
        const key = `sync:package.error.${code}`;
        expect(tr.t(key), `${tr.locale} ${code}`).not.toBe(key.split(':')[1]);
      }
    }
  });
});

describe('random corruption (property)', () => {
  it('never throws, and never accepts changed content', async () => {
    const original = await readPackage(pkg);
    if (!original.ok) throw new Error('fixture package invalid');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: pkg.length - 1 }), fc.integer({ min: 1, max: 255 })), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.option(fc.nat({ max: pkg.length }), { nil: undefined }),
        async (flips, cut) => {
          const bad = pkg.slice(0, cut ?? pkg.length);
          for (const [at, mask] of flips) if (at < bad.length) bad[at]! ^= mask;
          const result = await readPackage(bad);
          if (result.ok) {
            expect(result.content).toEqual(original.content);
            expect(result.manifest).toEqual(original.manifest);
          } else {
            expect(result.errors.length).toBeGreaterThan(0);
            for (const e of result.errors) {
              expect(typeof e.entry).toBe('string');
              expect(e.code).not.toBe('internal');
              expect(formatPackageError(e, zh)).not.toMatch(/\{\{|sync:package/);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
