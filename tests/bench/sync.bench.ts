/**
 * Sync at scale on loopback, against the real platform (PGlite in a temp folder):
 *
 * 1. 100 concurrent clients × 50 mutations, one push request each: p95 latency against the p95 of
 *    the platform's bare health route under the same concurrency; then every record is counted on
 *    the platform — zero lost, zero duplicated — with 10% of the pushes sent twice on purpose.
 * 2. Pulling 3,000 submissions into a fresh client store (fake-indexeddb under Node, slower than a
 *    browser's IndexedDB) against fetching and parsing the same pages without storing them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlatform } from '../../platform/start.ts';
import { DEMO_PASSWORD, DEMO_UNIT_ID } from '../../platform/seed-demo.ts';
import {
  apiPath,
  ROUTES,
  type Mutation,
  type PullResponse,
  type PushResponse,
} from '../../shared/api/index.ts';
import type { TokenStore } from '../../shared/host/api.ts';
import { PlatformClient } from '../../shared/sync/api-client.ts';
import { SyncEngine } from '../../shared/sync/engine.ts';
import { memoryDb } from '../helpers/memory-db.ts';
import { result, type Bench, type BenchResult } from './harness.ts';

const CLIENTS = 100;
const PER_CLIENT = 50;
const SUBMISSIONS = 3000;

function tokens(): TokenStore {
  const m = new Map<string, string>();
  return {
    get: async (k) => m.get(k) ?? null,
    set: async (k, v) => void m.set(k, v),
    delete: async (k) => void m.delete(k),
  };
}

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;

function projectDoc(name: string) {
  return {
    unitId: DEMO_UNIT_ID,
    templateId: 'keytasks-2023',
    templateVersion: '2023.1',
    taskCode: 'T01',
    level: '省级',
    name,
    members: [],
    targets: {},
  };
}

export const syncBench: Bench = {
  name: 'sync',
  async run(): Promise<BenchResult[]> {
    const dataDir = mkdtempSync(join(tmpdir(), 'tianbao-sync-bench-'));
    const platform = await startPlatform({ dataDir, seedDemo: true, port: 0 });
    try {
      const login = await fetch(new URL(ROUTES.login, platform.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'school', password: DEMO_PASSWORD }),
      });
      const { accessToken } = (await login.json()) as { accessToken: string };
      const auth = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
      const push = async (mutations: Mutation[]) => {
        const res = await fetch(new URL(ROUTES.push, platform.url), {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ mutations }),
        });
        if (!res.ok) throw new Error(`push: HTTP ${res.status} ${await res.text()}`);
        return (await res.json()) as PushResponse;
      };

      // Reference: the bare health route under the same concurrency.
      const refLatencies: number[] = [];
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          for (let i = 0; i < PER_CLIENT; i++) {
            const t0 = performance.now();
            await (await fetch(new URL(ROUTES.health, platform.url))).arrayBuffer();
            refLatencies.push(performance.now() - t0);
          }
        }),
      );

      const latencies: number[] = [];
      const sent: Mutation[] = [];
      const wall0 = performance.now();
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, c) => {
          for (let i = 0; i < PER_CLIENT; i++) {
            const m: Mutation = {
              mutationId: crypto.randomUUID(),
              entity: 'project',
              id: `bench-${c}-${i}`,
              baseRev: 0,
              doc: projectDoc(`压测项目 ${c}-${i}`),
            };
            sent.push(m);
            const t0 = performance.now();
            const r = await push([m]);
            latencies.push(performance.now() - t0);
            if (r.results[0]?.status !== 'applied')
              throw new Error(`not applied: ${JSON.stringify(r.results[0])}`);
            // Every tenth push is retried as a client would after a lost answer.
            if (i % 10 === 0 && (await push([m])).results[0]?.status !== 'duplicate')
              throw new Error('retry applied twice');
          }
        }),
      );
      const wallMs = performance.now() - wall0;

      // Count what the platform holds: every record once, at revision 1.
      const seen = new Map<string, number>();
      let cursor = '0';
      for (;;) {
        const res = await fetch(new URL(apiPath.changes(cursor, 1000), platform.url), { headers: auth });
        const page = (await res.json()) as PullResponse;
        for (const ch of page.changes) if (ch.id.startsWith('bench-')) seen.set(ch.id, ch.rev);
        cursor = page.cursor;
        if (!page.hasMore) break;
      }
      const lost = sent.filter((m) => !seen.has(m.id)).length;
      const duplicated = [...seen.values()].filter((rev) => rev !== 1).length;

      // 3,000 submissions with about 20 values each, pushed in batches.
      const subs: Mutation[] = [];
      for (let i = 0; i < SUBMISSIONS; i++) {
        const values: Record<string, number> = {};
        for (let k = 1; k <= 20; k++) values[`T01_${String(k).padStart(2, '0')}`] = (i * 7 + k) % 500;
        subs.push({
          mutationId: crypto.randomUUID(),
          entity: 'submission',
          id: `bench-s-${i}`,
          baseRev: 0,
          doc: { projectId: `bench-${Math.floor(i / PER_CLIENT)}-${i % PER_CLIENT}`, year: 2026, values },
        });
      }
      for (let i = 0; i < subs.length; i += 500) {
        const r = await push(subs.slice(i, i + 500));
        const refused = r.results.find((x) => x.status !== 'applied');
        if (refused) throw new Error(`submission not applied: ${JSON.stringify(refused)}`);
      }

      // Reference: fetch and parse every page, store nothing.
      const ref0 = performance.now();
      cursor = '0';
      let fetched = 0;
      for (;;) {
        const res = await fetch(new URL(apiPath.changes(cursor), platform.url), { headers: auth });
        const page = (await res.json()) as PullResponse;
        fetched += page.changes.length;
        cursor = page.cursor;
        if (!page.hasMore) break;
      }
      const refPullMs = performance.now() - ref0;

      const db = memoryDb({ name: 'bench-pull' });
      await db.open();
      const client = new PlatformClient({ baseUrl: platform.url, tokens: tokens() });
      await client.login('school', DEMO_PASSWORD);
      const engine = new SyncEngine({ db, client });
      const pull0 = performance.now();
      const report = await engine.sync();
      const pullMs = performance.now() - pull0;
      const stored = await db.submissions.count();
      db.close();
      if (stored < SUBMISSIONS) throw new Error(`pulled ${stored} of ${SUBMISSIONS} submissions`);

      return [
        result(
          `sync.push.p95 (${CLIENTS}×${PER_CLIENT}, lost ${lost}, duplicated ${duplicated})`,
          p95(latencies),
          'ms',
          'health route p95, same concurrency',
          p95(refLatencies),
          '< 100 ms',
        ),
        result(
          `sync.push.throughput`,
          (sent.length / wallMs) * 1000,
          'mutations/s',
          'wall time',
          wallMs / 1000,
        ),
        result(
          `sync.pull.${SUBMISSIONS} submissions (${report.pulled} records)`,
          pullMs,
          'ms',
          `fetch + parse only (${fetched} changes)`,
          refPullMs,
        ),
      ];
    } finally {
      await platform.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
