/**
 * Authorisation: two units in two provinces (湖南 A, 广东 B), their users and both provinces'
 * reviewers. Every cross-unit and cross-region read and write is refused; the owners and the
 * ministry are the control.
 */
import { beforeAll, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { apiPath } from '../../shared/api/paths.ts';
import type { EntityName } from '../../shared/api/entities.ts';
import { UNIT_A, UNIT_B, eachBackend, usePlatform, type Api, type UserKey } from './harness.ts';
import { commentDoc, evidenceDoc, mutation, newId, projectDoc, submissionDoc, unitDoc } from './docs.ts';

interface UnitData {
  unitId: string;
  projectId: string;
  submissionId: string;
  evidenceId: string;
  commentId: string;
  blob: string;
}

async function populate(api: Api, tokens: Record<UserKey, string>, unit: 'a' | 'b', reviewer: 'hn' | 'gd') {
  const unitId = unit === 'a' ? UNIT_A.id : UNIT_B.id;
  const bytes = randomBytes(512);
  const blob = createHash('sha256').update(bytes).digest('hex');
  await api.post(apiPath.upload(blob), { size: 512 }, tokens[unit]);
  await api.request('PATCH', apiPath.uploadChunk(blob, 0), {
    token: tokens[unit],
    payload: bytes,
    headers: { 'content-type': 'application/octet-stream' },
  });
  await api.post(apiPath.uploadComplete(blob), {}, tokens[unit]);
  const d: UnitData = {
    unitId,
    projectId: newId(),
    submissionId: newId(),
    evidenceId: newId(),
    commentId: newId(),
    blob,
  };
  const results = await api.push(tokens[unit], [
    mutation('project', d.projectId, 0, projectDoc(unitId)),
    mutation('submission', d.submissionId, 0, submissionDoc(d.projectId)),
    mutation('evidence', d.evidenceId, 0, evidenceDoc(d.submissionId, blob, 512)),
  ]);
  results.push(
    ...(await api.push(tokens[reviewer], [mutation('comment', d.commentId, 0, commentDoc(d.submissionId))])),
  );
  expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
  return d;
}

function records(d: UnitData): [EntityName, string][] {
  return [
    ['unit', d.unitId],
    ['project', d.projectId],
    ['submission', d.submissionId],
    ['evidence', d.evidenceId],
    ['comment', d.commentId],
  ];
}

eachBackend((kind) => {
  const ctx = usePlatform(kind);
  let A: UnitData;
  let B: UnitData;

  beforeAll(async () => {
    const { api, tokens } = ctx();
    A = await populate(api, tokens, 'a', 'hn');
    B = await populate(api, tokens, 'b', 'gd');
  }, 60_000);

  /** Who must not reach whose data. */
  const outsiders = (): [UserKey, UnitData][] => [
    ['a', B],
    ['b', A],
    ['hn', B],
    ['gd', A],
  ];

  it('refuses to read another unit’s or region’s records, events and files', async () => {
    const { api, tokens } = ctx();
    for (const [who, data] of outsiders()) {
      for (const [entity, id] of records(data)) {
        const r = await api.get(apiPath.entity(entity, id), tokens[who]);
        expect(r.status, `${who} reads ${entity}`).toBe(403);
        expect(r.body.error.message).toBe('无权访问这项数据');
        expect(JSON.stringify(r.body)).not.toContain('"doc"');
      }
      expect((await api.get(apiPath.events(data.submissionId), tokens[who])).status, `${who} events`).toBe(
        403,
      );
      expect((await api.get(apiPath.blob(data.blob), tokens[who])).status, `${who} blob`).toBe(404);
      const pulled = await api.pullAll(tokens[who]);
      const foreign = new Set(records(data).map(([, id]) => id));
      expect(
        pulled.changes.filter((c) => foreign.has(c.id)),
        `${who} pull`,
      ).toEqual([]);
      expect(pulled.changes.every((c) => c.unitId !== data.unitId)).toBe(true);
    }
  });

  it('lets the owner, its province and the ministry read (control)', async () => {
    const { api, tokens } = ctx();
    for (const [who, data] of [
      ['a', A],
      ['hn', A],
      ['moe', A],
      ['b', B],
      ['gd', B],
      ['moe', B],
    ] as [UserKey, UnitData][]) {
      for (const [entity, id] of records(data))
        expect((await api.get(apiPath.entity(entity, id), tokens[who])).status, `${who} ${entity}`).toBe(200);
      expect((await api.get(apiPath.blob(data.blob), tokens[who])).status).toBe(200);
      const ids = new Set((await api.pullAll(tokens[who])).changes.map((c) => c.id));
      for (const [, id] of records(data)) expect(ids.has(id)).toBe(true);
    }
  });

  it('refuses every update and delete of another unit’s records, without revealing them', async () => {
    const { api, tokens } = ctx();
    for (const [who, data] of outsiders()) {
      for (const [entity, id] of records(data)) {
        const own = (await api.get(apiPath.entity(entity, id), tokens.moe)).body.record;
        for (const [baseRev, doc] of [
          [own.rev, own.doc],
          [own.rev + 5, own.doc],
          [own.rev, null],
        ] as [number, Record<string, unknown> | null][]) {
          const [r] = await api.push(tokens[who], [mutation(entity, id, baseRev, doc)]);
          expect(r, `${who} writes ${entity} @${baseRev}${doc ? '' : ' (delete)'}`).toMatchObject({
            status: 'rejected',
            code: 'forbidden',
          });
          expect(JSON.stringify(r)).not.toContain('serverDoc');
        }
      }
    }
  });

  it('refuses creating records inside another unit or region', async () => {
    const { api, tokens } = ctx();
    const cases: [UserKey, EntityName, Record<string, unknown>, string][] = [
      ['a', 'project', projectDoc(UNIT_B.id), 'forbidden'],
      ['a', 'submission', submissionDoc(B.projectId, 2030), 'forbidden'],
      ['a', 'evidence', evidenceDoc(B.submissionId, A.blob, 512), 'forbidden'],
      ['b', 'evidence', evidenceDoc(B.submissionId, A.blob, 512), 'blobMissing'],
      ['hn', 'comment', commentDoc(B.submissionId), 'forbidden'],
      ['gd', 'comment', commentDoc(A.submissionId), 'forbidden'],
      ['a', 'comment', commentDoc(B.submissionId), 'forbidden'],
      ['hn', 'unit', unitDoc('unit-new-gd', '广东新单位', '440300'), 'regionOutOfScope'],
      ['gd', 'unit', unitDoc('unit-new-hn', '湖南新单位', '430200'), 'regionOutOfScope'],
    ];
    for (const [who, entity, doc, code] of cases) {
      const id = entity === 'unit' ? String(doc.id) : newId();
      const [r] = await api.push(tokens[who], [mutation(entity, id, 0, doc)]);
      expect(r, `${who} creates ${entity}`).toMatchObject({ status: 'rejected', code });
    }
    const [unitMadeByUnit] = await api.push(tokens.a, [
      mutation('unit', 'unit-c', 0, unitDoc('unit-c', '另一个单位', '430100')),
    ]);
    expect(unitMadeByUnit).toMatchObject({ status: 'rejected', code: 'forbidden' });
    // Inside its own province a reviewer may register a unit (control).
    const [ok] = await api.push(tokens.hn, [
      mutation('unit', 'unit-new-hn2', 0, unitDoc('unit-new-hn2', '湖南新单位二', '430200')),
    ]);
    expect(ok).toMatchObject({ status: 'applied', rev: 1 });
  });

  it('refuses moving a unit out of the province', async () => {
    const { api, tokens } = ctx();
    const current = (await api.get(apiPath.entity('unit', UNIT_A.id), tokens.a)).body.record;
    for (const who of ['a', 'hn'] as UserKey[]) {
      const [r] = await api.push(tokens[who], [
        mutation('unit', UNIT_A.id, current.rev, { ...current.doc, regionCode: '440100' }),
      ]);
      expect(r, who).toMatchObject({ status: 'rejected', code: 'regionOutOfScope' });
    }
    // A new city in the same province is the unit's own business (control).
    const [moved] = await api.push(tokens.a, [
      mutation('unit', UNIT_A.id, current.rev, { ...current.doc, regionCode: '430200' }),
    ]);
    expect(moved).toMatchObject({ status: 'applied' });
  });

  it('refuses status changes across units and regions', async () => {
    const { api, tokens } = ctx();
    expect((await api.post(apiPath.transitions(A.submissionId), { action: 'submit' }, tokens.b)).status).toBe(
      403,
    );
    expect((await api.post(apiPath.transitions(A.submissionId), { action: 'submit' }, tokens.a)).status).toBe(
      200,
    );
    for (const who of ['gd', 'b'] as UserKey[]) {
      const r = await api.post(apiPath.transitions(A.submissionId), { action: 'accept' }, tokens[who]);
      expect(r.status, who).toBe(403);
      expect(r.body.error.code).toBe('forbidden');
    }
    expect((await api.post(apiPath.transitions(B.submissionId), { action: 'submit' }, tokens.a)).status).toBe(
      403,
    );
    const state = (await api.get(apiPath.entity('submission', A.submissionId), tokens.moe)).body.record;
    expect(state.doc.status).toBe('submitted');
  });
});
