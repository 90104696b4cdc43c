/** The platform as a real process (`node --import tsx platform/main.ts`), to kill and restart. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface PlatformProcess {
  url: string;
  child: ChildProcess;
  /** Ends with SIGKILL: no shutdown code runs, as when the machine loses power or the OOM killer strikes. */
  kill(): Promise<void>;
  /** Ends with SIGTERM and waits for a clean exit. */
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts main.ts directly under node (not through npx/tsx wrappers, which run it in a grandchild
 * that a kill of the direct child would leave running).
 */
export function startPlatformProcess(
  env: Record<string, string>,
  timeoutMs = 120_000,
): Promise<PlatformProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'platform/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`platform did not start in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (!m) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      resolve({
        url: m[1]!,
        child,
        async kill() {
          child.kill('SIGKILL');
          await exited(child);
        },
        async stop() {
          child.kill('SIGTERM');
          await exited(child);
        },
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`platform exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
}
