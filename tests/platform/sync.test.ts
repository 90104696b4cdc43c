/** Push (applied, duplicate, conflict, rejected, out of order) and pull (cursor, pages, scope). */
import { expect, it } from 'vitest';
import { pullResponseSchema, pushResponseSchema, type MutationResult } from '../../shared/api/sync.ts';
import { ROUTES, apiPath } from '../../shared/api/paths.ts';
import { UNIT_A, eachBackend, usePlatform } from './harness.ts';
import { mutation, newId, projectDoc, submissionDoc, unitDoc } from './docs.ts';

function applied(r: MutationResult | undefined): number {
  if (r?.status !== 'applied') throw new Error(`expected applied, got ${JSON.stringify(r)}`);
  return r.rev;
}

eachBackend((kind) => {
  const ctx = usePlatform(kind);

  it('applies a batch once: the same batch pushed again is answered as duplicates, one revision each', async () => {
    const { api, tokens, db } = ctx();
    const projectId = newId();
    const submissionId = newId();
    const batch = [
      mutation('project', projectId, 0, projectDoc(UNIT_A.id)),
      mutation('submission', submissionId, 0, submissionDoc(projectId, 2025, { T01_01: 3 })),
    ];
    const first = await api.post(ROUTES.push, { mutations: batch }, tokens.a);
    expect(first.status).toBe(200);
    expect(pushResponseSchema.parse(first.body).results).toEqual([
      { mutationId: batch[0]!.mutationId, status: 'applied', rev: 1 },
      { mutationId: batch[1]!.mutationId, status: 'applied', rev: 1 },
    ]);
    const again = await api.push(tokens.a, batch);
    expect(again).toEqual([
      { mutationId: batch[0]!.mutationId, status: 'duplicate', result: { status: 'applied', rev: 1 } },
      { mutationId: batch[1]!.mutationId, status: 'duplicate', result: { status: 'applied', rev: 1 } },
    ]);
    const rows = await db.query<{ rev: number }>('SELECT rev FROM entities WHERE id = ANY($1::text[])', [
      [projectId, submissionId],
    ]);
    expect(rows.map((r) => Number(r.rev))).toEqual([1, 1]);
    const logged = await db.query<{ n: string }>(
      'SELECT count(*)::text AS n FROM mutations WHERE mutation_id = ANY($1::text[])',
      [batch.map((m) => m.mutationId)],
    );
    expect(logged[0]!.n).toBe('2');
  });

  it('detects a conflict when two clients edit the same submission, and takes the merged document', async () => {
    const { api, tokens } = ctx();
    const projectId = newId();
    const submissionId = newId();
    await api.push(tokens.a, [
      mutation('project', projectId, 0, projectDoc(UNIT_A.id)),
      mutation('submission', submissionId, 0, submissionDoc(projectId, 2025, { T01_01: 1, T01_02: 1 })),
    ]);
    // Both start from revision 1; a changes T01_01, a2 (another user of the unit) changes T01_02.
    const fromA = submissionDoc(projectId, 2025, { T01_01: 5, T01_02: 1 });
    const fromA2 = submissionDoc(projectId, 2025, { T01_01: 1, T01_02: 7 });
    expect(applied((await api.push(tokens.a, [mutation('submission', submissionId, 1, fromA)]))[0])).toBe(2);
    const [conflict] = await api.push(tokens.a2, [mutation('submission', submissionId, 1, fromA2)]);
    expect(conflict).toMatchObject({ status: 'conflict', serverRev: 2, serverDeleted: false });
    if (conflict?.status !== 'conflict') throw new Error('no conflict');
    expect((conflict.serverDoc as { values: unknown }).values).toEqual({ T01_01: 5, T01_02: 1 });

    // Field-level merge on the client: the server's T01_01, its own T01_02.
    const merged = submissionDoc(projectId, 2025, { T01_01: 5, T01_02: 7 });
    expect(applied((await api.push(tokens.a2, [mutation('submission', submissionId, 2, merged)]))[0])).toBe(
      3,
    );
    const r = await api.get(apiPath.entity('submission', submissionId), tokens.a);
    expect(r.body.record).toMatchObject({
      rev: 3,
      doc: { values: { T01_01: 5, T01_02: 7 }, status: 'draft' },
    });
  });

  it('rejects with a reason and a code, and one refused mutation does not stop the rest of the batch', async () => {
    const { api, tokens } = ctx();
    const good = newId();
    const results = await api.push(tokens.a, [
      mutation('project', newId(), 0, { ...projectDoc(UNIT_A.id), level: '宇宙级' }),
      mutation('project', good, 0, projectDoc(UNIT_A.id)),
      mutation('unit', UNIT_A.id, 1, {
        ...unitDoc(UNIT_A.id, UNIT_A.name, UNIT_A.regionCode),
        uscc: '91110000X',
      }),
    ]);
    expect(results[0]).toMatchObject({ status: 'rejected', code: 'invalidDoc', retryable: false });
    expect(results[0]).toHaveProperty(
      'reason',
      expect.stringMatching(/^记录内容有误：doc\.level 应为以下之一/),
    );
    expect(results[1]).toMatchObject({ status: 'applied', rev: 1 });
    expect(results[2]).toMatchObject({ status: 'rejected', code: 'invalidDoc' });
    expect(results[2]).toHaveProperty('reason', expect.stringContaining('doc.uscc'));

    const [byProvince] = await api.push(tokens.hn, [mutation('project', newId(), 0, projectDoc(UNIT_A.id))]);
    expect(byProvince).toMatchObject({ status: 'rejected', code: 'forbiddenRole' });
    expect(byProvince).toHaveProperty('reason', '只有建设单位可以填写和修改这类数据');
    expect((await api.get(apiPath.entity('project', good), tokens.a)).body.record.rev).toBe(1);
  });

  it('answers a malformed batch with 400 naming the field', async () => {
    const { api, tokens } = ctx();
    const r = await api.post(
      ROUTES.push,
      { mutations: [{ ...mutation('project', newId(), 0, {}), entity: 'teacher' }] },
      tokens.a,
    );
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/^请求内容有误：mutations\[0\]\.entity 应为以下之一：unit、project/);
    const noId = await api.post(
      ROUTES.push,
      { mutations: [{ ...mutation('project', 'x', 0, {}), mutationId: 'x' }] },
      tokens.a,
    );
    expect(noId.body.error.message).toBe('请求内容有误：mutations[0].mutationId 应为 UUID');
  });

  it('refuses a mutation id reused for other content', async () => {
    const { api, tokens } = ctx();
    const m = mutation('project', newId(), 0, projectDoc(UNIT_A.id));
    await api.push(tokens.a, [m]);
    const [r] = await api.push(tokens.a, [{ ...m, doc: projectDoc(UNIT_A.id, '另一个名字') }]);
    expect(r).toMatchObject({ status: 'rejected', code: 'mutationIdReused' });
    const [other] = await api.push(tokens.a2, [m]);
    expect(other).toMatchObject({ status: 'rejected', code: 'mutationIdReused' });
  });

  it('handles pushes out of order: a child before its parent, an update before its create', async () => {
    const { api, tokens } = ctx();
    const projectId = newId();
    const submissionId = newId();
    const create = mutation('project', projectId, 0, projectDoc(UNIT_A.id));
    const update = mutation('project', projectId, 1, projectDoc(UNIT_A.id, '改名后的项目'));
    const child = mutation('submission', submissionId, 0, submissionDoc(projectId));

    const early = await api.push(tokens.a, [update, child]);
    expect(early[0]).toMatchObject({ status: 'rejected', code: 'notFound', retryable: true });
    expect(early[1]).toMatchObject({ status: 'rejected', code: 'parentMissing', retryable: true });

    expect(applied((await api.push(tokens.a, [create]))[0])).toBe(1);
    // The same mutations again, as an outbox retries them: now they apply.
    const later = await api.push(tokens.a, [update, child]);
    expect(later.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect((await api.get(apiPath.entity('project', projectId), tokens.a)).body.record).toMatchObject({
      rev: 2,
      doc: { name: '改名后的项目' },
    });
  });

  it('keeps status fields the platform owns and allows one submission per project and year', async () => {
    const { api, tokens } = ctx();
    const projectId = newId();
    const submissionId = newId();
    await api.push(tokens.a, [
      mutation('project', projectId, 0, projectDoc(UNIT_A.id)),
      mutation('submission', submissionId, 0, { ...submissionDoc(projectId), status: 'accepted' }),
    ]);
    const r = await api.get(apiPath.entity('submission', submissionId), tokens.a);
    expect(r.body.record.doc.status).toBe('draft');
    const [dup] = await api.push(tokens.a2, [mutation('submission', newId(), 0, submissionDoc(projectId))]);
    expect(dup).toMatchObject({
      status: 'rejected',
      code: 'submissionExists',
      details: { existingId: submissionId },
    });
  });

  it('deletes with a tombstone that pull returns, and refuses to change a deleted record', async () => {
    const { api, tokens } = ctx();
    const id = newId();
    await api.push(tokens.a, [mutation('project', id, 0, projectDoc(UNIT_A.id))]);
    const before = (await api.pullAll(tokens.a)).cursor;
    expect(applied((await api.push(tokens.a, [mutation('project', id, 1, null)]))[0])).toBe(2);
    const pulled = await api.pullAll(tokens.a, before);
    expect(pulled.changes).toEqual([expect.objectContaining({ id, rev: 2, deleted: true, doc: null })]);
    const [again] = await api.push(tokens.a, [mutation('project', id, 2, projectDoc(UNIT_A.id))]);
    expect(again).toMatchObject({ status: 'rejected', code: 'deleted' });
  });

  it('pulls by cursor: pages in change order, only the latest revision, nothing twice', async () => {
    const { api, tokens } = ctx();
    const start = (await api.pullAll(tokens.a)).cursor;
    const ids = Array.from({ length: 7 }, newId);
    await api.push(
      tokens.a,
      ids.map((id) => mutation('project', id, 0, projectDoc(UNIT_A.id))),
    );
    await api.push(tokens.a, [mutation('project', ids[0]!, 1, projectDoc(UNIT_A.id, '第二版'))]);

    const page1 = await api.get(apiPath.changes(start, 3), tokens.a);
    const p1 = pullResponseSchema.parse(page1.body);
    expect(p1.changes).toHaveLength(3);
    expect(p1.hasMore).toBe(true);
    const seqs = p1.changes.map((c) => BigInt(c.seq));
    expect([...seqs].sort((x, y) => (x < y ? -1 : 1))).toEqual(seqs);
    expect(p1.cursor).toBe(p1.changes.at(-1)!.seq);

    const all = await api.pullAll(tokens.a, start, 3);
    expect(all.changes.map((c) => c.id).sort()).toEqual([...ids].sort());
    expect(all.changes.find((c) => c.id === ids[0])).toMatchObject({ rev: 2, doc: { name: '第二版' } });
    expect(new Set(all.changes.map((c) => c.id)).size).toBe(all.changes.length);
    const empty = pullResponseSchema.parse((await api.get(apiPath.changes(all.cursor), tokens.a)).body);
    expect(empty).toEqual({ changes: [], cursor: all.cursor, hasMore: false });

    const bad = await api.get(`${ROUTES.changes}?since=-1`, tokens.a);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^查询参数有误：since/);
  });

  it('under concurrent pushes applies one of many edits on one revision, and a mutation once', async () => {
    const { api, tokens } = ctx();
    const id = newId();
    await api.push(tokens.a, [mutation('project', id, 0, projectDoc(UNIT_A.id))]);
    const edits = Array.from({ length: 10 }, (_, i) =>
      mutation('project', id, 1, projectDoc(UNIT_A.id, `版本 ${i}`)),
    );
    const results = (
      await Promise.all(edits.map((m, n) => api.push(n % 2 ? tokens.a : tokens.a2, [m])))
    ).flat();
    expect(results.filter((r) => r.status === 'applied')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'conflict')).toHaveLength(9);

    const same = mutation('project', id, 2, projectDoc(UNIT_A.id, '同一个变更'));
    const retries = (await Promise.all(Array.from({ length: 8 }, () => api.push(tokens.a, [same])))).flat();
    expect(retries.filter((r) => r.status === 'applied')).toHaveLength(1);
    expect(retries.filter((r) => r.status === 'duplicate')).toHaveLength(7);
    expect((await api.get(apiPath.entity('project', id), tokens.a)).body.record.rev).toBe(3);
  });

  it('serves the unit its own profile by pull', async () => {
    const { api, tokens } = ctx();
    const all = await api.pullAll(tokens.a);
    expect(all.changes.find((c) => c.entity === 'unit')).toMatchObject({
      id: UNIT_A.id,
      doc: { name: UNIT_A.name, regionCode: '430100' },
    });
  });
});
