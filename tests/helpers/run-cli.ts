/** Runs the real `tianbao` command in a child process, as a user's shell would. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(repoRoot, 'cli/bin/tianbao.mjs');

export interface CliOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runTianbao(
  args: string[],
  options: { cwd?: string; lang?: string } = {},
): Promise<CliOutcome> {
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: options.lang ?? 'zh_CN.UTF-8' };
  delete env.LC_ALL;
  delete env.LC_MESSAGES;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: options.cwd ?? repoRoot, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Usage errors are exactly one line on stderr, nothing on stdout, exit 2. */
export function expectOneErrorLine(out: CliOutcome): string {
  expect(out.code).toBe(2);
  expect(out.stdout).toBe('');
  const lines = out.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}
