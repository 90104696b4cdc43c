/**
 * Starting the platform for real: lock the data folder, open and migrate the database, optionally
 * seed the demo accounts, then listen. `preparePlatform` is the part `npm run web` reuses to mount
 * the API on its own server.
 */
import type { FastifyInstance } from 'fastify';
import { buildPlatform, type BuildOptions } from './app.ts';
import type { PlatformOptions } from './plugin.ts';
import { openDatabase } from './db/open.ts';
import { layout, lockDataDir } from './data-dir.ts';
import { loadSigningSecret } from './auth/secret.ts';
import { seedDemo } from './seed-demo.ts';

export const DEFAULT_DATA_DIR = './.tianbao-platform';

export interface PrepareOptions {
  dataDir?: string;
  /** A PostgreSQL connection string; PGlite in `<dataDir>/pgdata` when absent. */
  databaseUrl?: string | undefined;
  seedDemo?: boolean;
}

export interface PreparedPlatform {
  options: PlatformOptions;
  dataDir: string;
  /** Closes the database and releases the data folder. */
  close(): Promise<void>;
}

export async function preparePlatform(o: PrepareOptions = {}): Promise<PreparedPlatform> {
  const dirs = layout(o.dataDir ?? DEFAULT_DATA_DIR);
  const unlock = lockDataDir(dirs.root);
  try {
    const db = await openDatabase({ databaseUrl: o.databaseUrl, pgdata: dirs.pgdata });
    try {
      if (o.seedDemo) await seedDemo(db);
      const secret = loadSigningSecret(dirs.root);
      return {
        options: { db, blobDir: dirs.blobs, secret },
        dataDir: dirs.root,
        close: async () => {
          try {
            await db.close();
          } finally {
            unlock();
          }
        },
      };
    } catch (error) {
      await db.close();
      throw error;
    }
  } catch (error) {
    unlock();
    throw error;
  }
}

export interface StartOptions extends PrepareOptions {
  port?: number;
  host?: string;
  logger?: BuildOptions['logger'];
  trustProxy?: boolean;
}

export interface RunningPlatform {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

export async function startPlatform(o: StartOptions = {}): Promise<RunningPlatform> {
  const prepared = await preparePlatform(o);
  let app: FastifyInstance;
  try {
    app = await buildPlatform({
      ...prepared.options,
      logger: o.logger ?? false,
      ...(o.trustProxy !== undefined ? { trustProxy: o.trustProxy } : {}),
    });
  } catch (error) {
    await prepared.close();
    throw error;
  }
  app.addHook('onClose', () => prepared.close());
  const url = await app.listen({ port: o.port ?? 8787, host: o.host ?? '127.0.0.1' });
  return { app, url, close: () => app.close() };
}
