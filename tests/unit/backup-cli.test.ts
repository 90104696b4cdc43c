/** `tianbao backup verify` run as IT staff would, on intact, encrypted, damaged and foreign files. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup } from '../../shared/backup/index.ts';
import { MIN_PBKDF2_ITERATIONS } from '../../shared/backup/crypto.ts';
import { memoryDb } from '../helpers/memory-db.ts';
import { expectOneErrorLine, runTianbao } from '../helpers/run-cli.ts';
import { fillV3 } from '../fixtures/db/v3.ts';

const dir = mkdtempSync(join(tmpdir(), 'tianbao-cli-backup-'));
const ENV = 'TIANBAO_TEST_BACKUP_PASSPHRASE';
let plain: string;
let sealed: string;
let truncated: string;
let digest: string;

beforeAll(async () => {
  const db = memoryDb({ name: 'tianbao' });
  await fillV3(db);
  const made = await createBackup(db, { createdAt: '2026-03-05T08:00:00.000Z' });
  digest = made.manifest.storeDigest;
  plain = join(dir, 'plain.tbbak');
  writeFileSync(plain, made.bytes);
  truncated = join(dir, 'truncated.tbbak');
  writeFileSync(truncated, made.bytes.slice(0, made.bytes.length - 30));
  sealed = join(dir, 'sealed.tbbak');
  writeFileSync(
    sealed,
    (await createBackup(db, { passphrase: '备份口令-2026', iterations: MIN_PBKDF2_ITERATIONS })).bytes,
  );
  db.close();
  process.env[ENV] = '备份口令-2026';
});

afterAll(() => {
  delete process.env[ENV];
});

describe('tianbao backup verify', () => {
  it('an intact backup: exit 0, what it holds', async () => {
    const run = await runTianbao(['backup', 'verify', plain]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${plain}：备份完好，可以恢复`);
    expect(run.stdout).toContain('备份时间：2026-03-05T08:00:00.000Z（手动）');
    expect(run.stdout).toContain('加密：否');
    expect(run.stdout).toContain('values：2 行');
    expect(run.stdout).toContain('outbox：1 行');
    expect(run.stdout).toContain(`数据校验值：${digest}`);
  });

  it('an encrypted backup opens with the passphrase from the environment, and as JSON', async () => {
    const run = await runTianbao(['backup', 'verify', sealed, '--password-env', ENV, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: true,
      encrypted: true,
      reason: 'manual',
      storeDigest: digest,
      rows: { units: 1, values: 2, attachments: 1 },
    });
  });

  it('an encrypted backup without a passphrase, or with an unset variable, is a usage error', async () => {
    expect(expectOneErrorLine(await runTianbao(['backup', 'verify', sealed]))).toContain(
      '这个备份已加密，请输入备份时设置的口令',
    );
    expect(
      expectOneErrorLine(await runTianbao(['backup', 'verify', sealed, '--password-env', 'TIANBAO_NOT_SET'])),
    ).toContain('环境变量 TIANBAO_NOT_SET 没有设置或为空');
  });

  it('a wrong passphrase and a truncated file: exit 1 with the reason', async () => {
    process.env.TIANBAO_TEST_WRONG = 'not the passphrase';
    const wrong = await runTianbao(['backup', 'verify', sealed, '--password-env', 'TIANBAO_TEST_WRONG']);
    delete process.env.TIANBAO_TEST_WRONG;
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('口令不正确或备份文件已损坏，无法解密');
    const cut = await runTianbao(['backup', 'verify', truncated]);
    expect(cut.code).toBe(1);
    expect(cut.stdout).toContain('备份文件不完整');
  });

  it('a file that is no backup is refused in one line', async () => {
    const other = join(dir, 'notes.txt');
    writeFileSync(other, 'hello');
    expect(expectOneErrorLine(await runTianbao(['backup', 'verify', other]))).toContain(
      '这不是职教填报的备份文件',
    );
  });
});
