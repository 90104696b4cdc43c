/** The real `tianbao` command, as the office's IT staff would run it, for e2e specs. */
import { execFileSync } from 'node:child_process';

export function tianbao(args: string[]): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(process.execPath, ['cli/bin/tianbao.mjs', ...args], {
      encoding: 'utf8',
      env: { ...process.env, LANG: 'zh_CN.UTF-8' },
    });
    return { code: 0, stdout, stderr: '' };
  } catch (err) {
    const e = err as { status?: number; stdout?: string; stderr?: string };
    return { code: e.status ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
