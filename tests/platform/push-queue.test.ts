/**
 * Group commit of pushes: concurrent pushes share one write transaction and are still answered
 * one by one, exactly as if each had been written alone (idempotency, conflicts, savepoints), and
 * a group whose transaction fails as a whole is written again push by push.
 */
import { expect, it } from 'vitest';
import type { Db, Queryable } from '../../platform/db/types.ts';
import { PushQueue } from '../../platform/sync/push.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import type { Mutation } from '../../shared/api/sync.ts';
import { ROUTES, apiPath } from '../../shared/api/paths.ts';
import { UNIT_A, UNIT_B, eachBackend, usePlatform } from './harness.ts';
import { mutation, newId, projectDoc, submissionDoc } from './docs.ts';

const silent = { error: () => {} };

/** The database with its transactions counted, and the next `failNext` of them failing at the end. */
function counting(db: Db): Db & { transactions: number; failNext: number } {
  const wrapped = {
    kind: db.kind,
    transactions: 0,
    failNext: 0,
    query: db.query.bind(db),
    exec: db.exec.bind(db),
    close: db.close.bind(db),
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      wrapped.transactions++;
      const fail = wrapped.failNext > 0;
      if (fail) wrapped.failNext--;
      return db.transaction(async (tx) => {
        const r = await fn(tx);
        if (fail) throw new Error('connection lost before COMMIT');
        return r;
      });
    },
  };
  return wrapped;
}

async function principalOf(db: Db, username: string): Promise<Principal> {
  const [u] = await db.query<{
    id: string;
    role: Principal['role'];
    unit_id: string | null;
    region: string | null;
  }>(
    `SELECT u.id, u.role, u.unit_id, coalesce(u.region_code, un.region_code) AS region
     FROM users u LEFT JOIN units un ON un.id = u.unit_id WHERE u.username = $1`,
    [username],
  );
  return {
    userId: u!.id,
    username,
    role: u!.role,
    displayName: username,
    ...(u!.unit_id ? { unitId: u!.unit_id } : {}),
    ...(u!.region ? { regionCode: u!.region } : {}),
  };
}

eachBackend((kind) => {
  const ctx = usePlatform(kind);

  it('writes concurrent pushes in one transaction and answers each as if alone', async () => {
    const { db } = ctx();
    const counted = counting(db);
    const queue = new PushQueue(counted);
    const a = await principalOf(db, 'a');
    const a2 = await principalOf(db, 'a2');
    const b = await principalOf(db, 'b');
    const now = new Date().toISOString();

    const shared = newId();
    const create = mutation('project', shared, 0, projectDoc(UNIT_A.id));
    const retried = mutation('project', newId(), 0, projectDoc(UNIT_A.id, '重试的项目'));
    const pushes: [Principal, Mutation[]][] = [
      [a, [create, retried]],
      // The same record changed twice on the revision the first push creates: one applies.
      [a, [mutation('project', shared, 1, projectDoc(UNIT_A.id, '第二版'))]],
      [a2, [mutation('project', shared, 1, projectDoc(UNIT_A.id, '另一个第二版'))]],
      // The same mutation id again in the same group: a retry, answered from the first.
      [a, [retried]],
      // …and from someone else: refused.
      [a2, [retried]],
      // Another unit's push in the same group, one refused mutation among applied ones.
      [
        b,
        [mutation('project', newId(), 0, projectDoc(UNIT_B.id)), mutation('project', newId(), 0, { x: 1 })],
      ],
    ];
    const results = await Promise.all(pushes.map(([p, ms]) => queue.push(p, ms, now, silent)));
    expect(counted.transactions).toBe(1);
    expect(results.map((r) => r.map((o) => o.status))).toEqual([
      ['applied', 'applied'],
      ['applied'],
      ['conflict'],
      ['duplicate'],
      ['rejected'],
      ['applied', 'rejected'],
    ]);
    expect(results[2]![0]).toMatchObject({ status: 'conflict', serverRev: 2, serverDoc: { name: '第二版' } });
    expect(results[3]![0]).toEqual({ status: 'duplicate', result: { status: 'applied', rev: 1 } });
    expect(results[4]![0]).toMatchObject({ code: 'mutationIdReused' });
    expect(results[5]![1]).toMatchObject({ code: 'invalidDoc' });

    const rows = await db.query<{ rev: number; name: string }>(
      "SELECT rev, doc ->> 'name' AS name FROM entities WHERE entity = 'project' AND id = $1",
      [shared],
    );
    expect(rows.map((r) => [Number(r.rev), r.name])).toEqual([[2, '第二版']]);
    // Change order is commit order: the two revisions of the record got increasing numbers.
    const logged = await db.query<{ n: string }>(
      'SELECT count(*)::text AS n FROM mutations WHERE mutation_id = ANY($1::text[])',
      [[create.mutationId, retried.mutationId, ...pushes[1]![1].map((m) => m.mutationId)]],
    );
    expect(logged[0]!.n).toBe('3');
  });

  it('refuses the second submission of a project’s year pushed in the same group, keeping the first', async () => {
    const { db } = ctx();
    const queue = new PushQueue(db);
    const a = await principalOf(db, 'a');
    const a2 = await principalOf(db, 'a2');
    const now = new Date().toISOString();
    const projectId = newId();
    await queue.push(a, [mutation('project', projectId, 0, projectDoc(UNIT_A.id))], now, silent);
    const first = newId();
    const second = newId();
    const [one, two] = await Promise.all([
      queue.push(a, [mutation('submission', first, 0, submissionDoc(projectId, 2026))], now, silent),
      queue.push(a2, [mutation('submission', second, 0, submissionDoc(projectId, 2026))], now, silent),
    ]);
    expect(one![0]).toMatchObject({ status: 'applied' });
    expect(two![0]).toMatchObject({ status: 'rejected', code: 'submissionExists' });
    const rows = await db.query<{ id: string }>(
      "SELECT id FROM entities WHERE entity = 'submission' AND parent_id = $1",
      [projectId],
    );
    expect(rows.map((r) => r.id)).toEqual([first]);
  });

  it('writes the pushes of a group that failed to commit again one by one, nothing lost or doubled', async () => {
    const { db } = ctx();
    const counted = counting(db);
    const queue = new PushQueue(counted);
    const a = await principalOf(db, 'a');
    const b = await principalOf(db, 'b');
    const now = new Date().toISOString();
    const ma = mutation('project', newId(), 0, projectDoc(UNIT_A.id));
    const mb = mutation('project', newId(), 0, projectDoc(UNIT_B.id));
    counted.failNext = 1;
    const [ra, rb] = await Promise.all([queue.push(a, [ma], now, silent), queue.push(b, [mb], now, silent)]);
    expect(ra).toEqual([{ status: 'applied', rev: 1 }]);
    expect(rb).toEqual([{ status: 'applied', rev: 1 }]);
    // The failed group, then each push alone.
    expect(counted.transactions).toBe(3);
    const rows = await db.query<{ id: string; rev: number }>(
      'SELECT id, rev FROM entities WHERE id = ANY($1::text[])',
      [[ma.id, mb.id]],
    );
    expect(rows.map((r) => Number(r.rev))).toEqual([1, 1]);

    // A single push whose transaction fails is answered with the failure; its retry applies once.
    counted.failNext = 1;
    const lone = mutation('project', newId(), 0, projectDoc(UNIT_A.id));
    await expect(queue.push(a, [lone], now, silent)).rejects.toThrow('connection lost before COMMIT');
    expect(await queue.push(a, [lone], now, silent)).toEqual([{ status: 'applied', rev: 1 }]);
    expect(await queue.push(a, [lone], now, silent)).toEqual([
      { status: 'duplicate', result: { status: 'applied', rev: 1 } },
    ]);
  });

  it('groups concurrent HTTP pushes and answers each request with its own results', async () => {
    const { api, tokens } = ctx();
    const ids = Array.from({ length: 30 }, newId);
    const replies = await Promise.all(
      ids.map((id, i) =>
        api.post(
          ROUTES.push,
          { mutations: [mutation('project', id, 0, projectDoc(i % 2 ? UNIT_A.id : UNIT_B.id))] },
          i % 2 ? tokens.a : tokens.b,
        ),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(ids.map(() => 200));
    expect(replies.map((r) => r.body.results[0].status)).toEqual(ids.map(() => 'applied'));
    // Each unit sees its own records only.
    const seen = await api.pullAll(tokens.a);
    const mine = new Set(seen.changes.map((c) => c.id));
    ids.forEach((id, i) => expect(mine.has(id)).toBe(i % 2 === 1));
    expect((await api.get(apiPath.entity('project', ids[0]!), tokens.a)).status).toBe(403);
  });
});
