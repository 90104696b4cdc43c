/**
 * `npm run platform`: the reference platform as a process.
 *
 *   PORT (8787)  HOST (127.0.0.1)  DATA_DIR (./.tianbao-platform)  DATABASE_URL (PGlite when unset)
 *   SEED_DEMO=1 (demo accounts)  TIANBAO_JWT_SECRET (else generated in DATA_DIR)  LOG_LEVEL (info)
 *   TRUST_PROXY=1 (behind a reverse proxy)
 */
import { startPlatform } from './start.ts';

const env = process.env;
const running = await startPlatform({
  port: Number(env.PORT ?? 8787),
  host: env.HOST ?? '127.0.0.1',
  dataDir: env.DATA_DIR ?? undefined,
  databaseUrl: env.DATABASE_URL || undefined,
  seedDemo: env.SEED_DEMO === '1',
  trustProxy: env.TRUST_PROXY === '1',
  logger: env.LOG_LEVEL === 'silent' ? false : { level: env.LOG_LEVEL ?? 'info' },
});
// One line tests and scripts can wait for; the URL carries the real port when PORT=0.
console.log(`tianbao-platform listening on ${running.url}`);
if (env.SEED_DEMO === '1' && !/^(127\.|localhost|::1)/.test(env.HOST ?? '127.0.0.1'))
  console.warn('tianbao-platform: demo accounts with public passwords are reachable from the network');

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    void running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
