/** `tianbao package verify` run as a user's shell would, on intact, tampered and unreadable files. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportPackage } from '../../shared/package/from-store.ts';
import { sha256HexSync } from '../../shared/util/sha256.ts';
import { editEntries, jsonOf, seedSubmission, setJson } from '../fixtures/package.ts';
import { memoryDb } from '../helpers/memory-db.ts';
import { expectOneErrorLine, runTianbao } from '../helpers/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'tianbao-cli-package-'));
let good: string;
let tampered: string;
let truncated: string;
let snapshotSha256: string;
let originalSha: string;

beforeAll(async () => {
  const db = memoryDb();
  const seeded = await seedSubmission(db);
  const bytes = await exportPackage(db, seeded.submissionId, { createdAt: '2026-03-05T08:00:00.000Z' });
  db.close();
  good = join(dir, 'good.tbpkg');
  writeFileSync(good, bytes);
  const edited = await editEntries(bytes, (entries) => {
    originalSha = sha256HexSync(entries.find((e) => e.name === 'submission.json')!.data);
    const body = jsonOf(entries, 'submission.json') as {
      submission: { doc: { values: Record<string, unknown>; snapshotSha256: string } };
    };
    snapshotSha256 = body.submission.doc.snapshotSha256;
    body.submission.doc.values.T01_01 = 999;
    setJson(entries, 'submission.json', body);
    entries.push({ name: 'extra.txt', data: new Uint8Array([1]) });
  });
  tampered = join(dir, 'tampered.tbpkg');
  writeFileSync(tampered, edited);
  truncated = join(dir, 'truncated.tbpkg');
  writeFileSync(truncated, bytes.slice(0, Math.floor(bytes.length * 0.6)));
});

describe('tianbao package verify', () => {
  it('an intact package: exit 0 and a summary', async () => {
    const run = await runTianbao(['package', 'verify', good]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('提交包完整');
    expect(run.stdout).toContain('建设单位：湖南工业职业技术学院（12430000444880189T，湖南省长沙市）');
    expect(run.stdout).toContain('建设项目：长沙市域产教联合体（任务 T01）');
    expect(run.stdout).toContain('年度：2025');
    expect(run.stdout).toContain('状态：已提交');
    expect(run.stdout).toContain('6 项填报数据，3 份佐证材料（2 个文件），1 条审核意见，1 个提交快照');
    expect(run.stdout).toContain(`提交快照 SHA-256：${snapshotSha256}`);
  });

  it('an intact package as one JSON object', async () => {
    const run = await runTianbao(['package', 'verify', good, '--json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({
      ok: true,
      format: 'tianbao-submission-package',
      formatVersion: 1,
      createdAt: '2026-03-05T08:00:00.000Z',
      unit: { name: '湖南工业职业技术学院', regionCode: '430100' },
      submission: { year: 2025, status: 'submitted', snapshotSha256 },
      counts: { values: 6, evidence: 3, files: 2, comments: 1, snapshots: 1 },
    });
  });

  it('a tampered package: exit 1 and every problem, located', async () => {
    const run = await runTianbao(['package', 'verify', tampered]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe(`${tampered}：提交包未通过校验，共 2 处问题`);
    expect(lines.slice(1)).toEqual([
      '  - 提交包中的 extra.txt 未列入清单',
      expect.stringMatching(
        new RegExp(
          `^ {2}- submission\\.json 的 SHA-256 与清单不符：清单 ${originalSha.slice(0, 12)}…，实际 [0-9a-f]{12}…$`,
        ),
      ),
    ]);
  });

  it('a tampered package with --json, in English', async () => {
    const run = await runTianbao(['package', 'verify', tampered, '--json'], { lang: 'en_US.UTF-8' });
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as {
      ok: boolean;
      errors: { code: string; entry: string; message: string }[];
    };
    expect(json.ok).toBe(false);
    expect(json.errors.map((e) => [e.code, e.entry])).toEqual([
      ['extraEntry', 'extra.txt'],
      ['hashMismatch', 'submission.json'],
    ]);
    expect(json.errors[1]!.message).toMatch(/^The SHA-256 of submission\.json does not match the manifest/);
  });

  it('a truncated package is damaged, not unreadable: exit 1 with the reason', async () => {
    const run = await runTianbao(['package', 'verify', truncated]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('提交包已损坏或不完整');
  });

  it('a missing file or a file that is not a zip: exit 2, one line', async () => {
    expect(expectOneErrorLine(await runTianbao(['package', 'verify', join(dir, 'nope.tbpkg')]))).toContain(
      'nope.tbpkg',
    );
    const text = join(dir, 'notes.tbpkg');
    writeFileSync(text, '这不是提交包');
    expect(expectOneErrorLine(await runTianbao(['package', 'verify', text]))).toContain('不是职教填报提交包');
    const json = await runTianbao(['package', 'verify', text, '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, errors: [{ code: 'notZip', entry: '' }] });
  });

  it('refuses to run without a file', async () => {
    expectOneErrorLine(await runTianbao(['package', 'verify']));
  });
});

describe('tianbao package verify on an edited manifest', () => {
  it('names the manifest', async () => {
    const db = memoryDb();
    const seeded = await seedSubmission(db, { submit: false });
    const draft = await exportPackage(db, seeded.submissionId);
    db.close();
    const bytes = await editEntries(draft, (entries) => {
      setJson(entries, 'manifest.json', {
        ...jsonOf(entries, 'manifest.json'),
        createdAt: '2020-01-01T00:00:00.000Z',
      });
    });
    const file = join(dir, 'manifest.tbpkg');
    writeFileSync(file, bytes);
    const run = await runTianbao(['package', 'verify', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('清单 manifest.json 已被改动');
  });
});
