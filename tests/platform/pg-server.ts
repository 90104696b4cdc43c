/**
 * A real PostgreSQL server for the platform tests.
 *
 * - TEST_DATABASE_URL set: that server (CI can point at Debian's postgresql service).
 * - Otherwise a throwaway cluster: initdb + pg_ctl from PATH or /usr/lib/postgresql/<v>/bin, in a
 *   temporary folder, on a free port, fsync off. initdb refuses to run as root, so as root it runs
 *   as the `postgres` user through `runuser` (the folder is handed to that user).
 *
 * Each test file gets its own database in that server (created, migrated, dropped after).
 * When no server can be had, `postgresUnavailable()` says why and the postgres half of every suite
 * fails with that reason and how to install PostgreSQL.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface PgServer {
  /** Connection string of the server's maintenance database. */
  adminUrl: string;
  stop(): Promise<void>;
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, name);
    if (dir && existsSync(file)) return file;
  }
  return undefined;
}

/** The folder holding initdb and pg_ctl, newest major version first. */
export function findPgBin(): string | undefined {
  const initdb = onPath('initdb');
  if (initdb && onPath('pg_ctl')) return path.dirname(initdb);
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = path.join(root, v, 'bin');
    if (existsSync(path.join(bin, 'initdb')) && existsSync(path.join(bin, 'pg_ctl'))) return bin;
  }
  return undefined;
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function postgresUser(): { uid: number; gid: number } | undefined {
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** Why no PostgreSQL can be used here, or undefined when one can. */
export function postgresUnavailable(): string | undefined {
  if (process.env.TEST_DATABASE_URL) return undefined;
  if (!findPgBin())
    return 'no initdb/pg_ctl on PATH or in /usr/lib/postgresql/*/bin and TEST_DATABASE_URL is not set';
  if (isRoot()) {
    if (!postgresUser()) return 'running as root and there is no `postgres` user to run initdb as';
    if (!onPath('runuser')) return 'running as root and `runuser` is not available';
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts a throwaway cluster; stop() removes it. */
export async function startPgServer(): Promise<PgServer> {
  const reason = postgresUnavailable();
  if (reason) throw new Error(`PostgreSQL for tests: ${reason}`);
  const bin = findPgBin()!;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tianbao-pg-'));
  const data = path.join(dir, 'data');
  const asPostgres = isRoot();
  if (asPostgres) {
    const u = postgresUser()!;
    chownSync(dir, u.uid, u.gid);
  }
  const run = (file: string, args: string[]) => {
    const [cmd, argv] = asPostgres ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
    try {
      execFileSync(cmd, argv, { stdio: 'pipe', cwd: dir });
    } catch (error) {
      const e = error as { stderr?: Buffer; stdout?: Buffer };
      throw new Error(
        `${path.basename(file)} failed: ${e.stderr?.toString() ?? ''}${e.stdout?.toString() ?? ''}`.trim(),
        { cause: error },
      );
    }
  };
  const port = await freePort();
  run(path.join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
  ].join(' ');
  run(path.join(bin, 'pg_ctl'), [
    '-D',
    data,
    '-l',
    path.join(dir, 'log'),
    '-w',
    '-t',
    '60',
    '-o',
    options,
    'start',
  ]);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', stop);
    try {
      run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  // Last resort: a test process that dies without its afterAll must not leave a server running.
  process.on('exit', stop);
  return { adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`, stop: async () => stop() };
}

let shared: Promise<PgServer> | undefined;

/**
 * The server for this test process: TEST_DATABASE_URL, the URL a global setup provided, or a
 * cluster started on first use.
 */
async function adminUrl(provided?: string): Promise<string> {
  const url = process.env.TEST_DATABASE_URL || provided;
  if (url) return url;
  // Stopped by stopSharedServer() in the suite's afterAll (harness.ts).
  shared ??= startPgServer();
  return (await shared).adminUrl;
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database in the test server. */
export async function createTestDatabase(provided?: string): Promise<TestDatabase> {
  const admin = new URL(await adminUrl(provided));
  const name = `tianbao_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
  } finally {
    await client.end();
  }
  const url = new URL(admin.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: admin.toString() });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** Stops the per-process cluster, if this process started one. */
export async function stopSharedServer(): Promise<void> {
  const s = shared;
  shared = undefined;
  if (s) await (await s).stop();
}

/** vitest globalSetup: one cluster for the whole run, handed to the test files. */
export default async function setup(project: { provide(key: string, value: unknown): void }) {
  if (process.env.TEST_DATABASE_URL || postgresUnavailable()) return undefined;
  const server = await startPgServer();
  project.provide('pgAdminUrl', server.adminUrl);
  return () => server.stop();
}
