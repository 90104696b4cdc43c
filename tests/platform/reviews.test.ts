/**
 * Reviews (考核评价 scores per stage) as synced records: the province scores 省评 of its own
 * region's handed-in submissions, the ministry scores 复核, units only read their grades.
 */
import { expect, it } from 'vitest';
import { apiPath } from '../../shared/api/paths.ts';
import { reviewIdFor } from '../../shared/domain/review.ts';
import { UNIT_A, eachBackend, usePlatform, type Api } from './harness.ts';
import { mutation, newId, projectDoc, submissionDoc } from './docs.ts';

function reviewDoc(submissionId: string, stage: string, scores: Record<string, number | null> = {}) {
  return {
    submissionId,
    stage,
    combination: 'std',
    scores: { 'score:unit:D1': 88, ...scores },
    gradedOn: '2026-01-10',
    rectification: [],
    reviewer: 'whatever the client says',
    updatedAt: '2026-01-10T08:00:00.000Z',
  };
}

async function draft(api: Api, token: string) {
  const projectId = newId();
  const submissionId = newId();
  const results = await api.push(token, [
    mutation('project', projectId, 0, projectDoc(UNIT_A.id)),
    mutation('submission', submissionId, 0, submissionDoc(projectId, 2025, { T01_01: 12 })),
  ]);
  expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
  return submissionId;
}

eachBackend((kind) => {
  const ctx = usePlatform(kind);

  it('scores only what was handed in, by the stage’s role and region, with the reviewer set by the platform', async () => {
    const { api, tokens } = ctx();
    const submissionId = await draft(api, tokens.a);
    const provinceId = reviewIdFor(submissionId, 'province');
    const ministryId = reviewIdFor(submissionId, 'ministry');

    // A draft cannot be scored yet.
    let [r] = await api.push(tokens.hn, [
      mutation('review', provinceId, 0, reviewDoc(submissionId, 'province')),
    ]);
    expect(r).toMatchObject({ status: 'rejected', code: 'locked' });
    expect(JSON.stringify(r)).toContain('还不能评分');

    const submitted = await api.post(apiPath.transitions(submissionId), { action: 'submit' }, tokens.a);
    expect(submitted.status).toBe(200);

    // The unit never writes reviews, not even of its own submission.
    [r] = await api.push(tokens.a, [mutation('review', provinceId, 0, reviewDoc(submissionId, 'province'))]);
    expect(r).toMatchObject({ status: 'rejected', code: 'forbiddenRole' });
    // Another province cannot score this unit; the ministry's 复核 is not the province's.
    [r] = await api.push(tokens.gd, [mutation('review', provinceId, 0, reviewDoc(submissionId, 'province'))]);
    expect(r).toMatchObject({ status: 'rejected', code: 'forbidden' });
    [r] = await api.push(tokens.hn, [mutation('review', ministryId, 0, reviewDoc(submissionId, 'ministry'))]);
    expect(r).toMatchObject({ status: 'rejected', code: 'forbiddenRole' });
    expect(JSON.stringify(r)).toContain('只能由教育部填写');
    // The self stage stays in the submission.
    [r] = await api.push(tokens.hn, [
      mutation('review', reviewIdFor(submissionId, 'self'), 0, reviewDoc(submissionId, 'self')),
    ]);
    expect(r).toMatchObject({ status: 'rejected', code: 'forbiddenRole' });
    // One record per submission and stage: an id of another stage is refused.
    [r] = await api.push(tokens.hn, [mutation('review', ministryId, 0, reviewDoc(submissionId, 'province'))]);
    expect(r).toMatchObject({ status: 'rejected', code: 'invalidDoc' });

    [r] = await api.push(tokens.hn, [mutation('review', provinceId, 0, reviewDoc(submissionId, 'province'))]);
    expect(r).toMatchObject({ status: 'applied', rev: 1 });
    [r] = await api.push(tokens.moe, [
      mutation('review', ministryId, 0, reviewDoc(submissionId, 'ministry')),
    ]);
    expect(r).toMatchObject({ status: 'applied', rev: 1 });

    // The unit reads its grades; each stage keeps its own record; the reviewer is who wrote it.
    const pulled = await api.pullAll(tokens.a);
    const reviews = pulled.changes.filter((c) => c.entity === 'review');
    expect(reviews.map((c) => c.id).sort()).toEqual([provinceId, ministryId].sort());
    const province = reviews.find((c) => c.id === provinceId)!;
    expect(province.doc).toMatchObject({ stage: 'province', reviewer: '湖南省教育厅' });
    expect(reviews.find((c) => c.id === ministryId)!.doc).toMatchObject({ reviewer: '教育部' });
    // Another province sees nothing of it.
    const other = await api.pullAll(tokens.gd);
    expect(other.changes.filter((c) => c.entity === 'review' && c.id === provinceId)).toEqual([]);
  });

  it('refuses scores out of range and malformed dates as invalid documents', async () => {
    const { api, tokens } = ctx();
    const submissionId = await draft(api, tokens.a);
    await api.post(apiPath.transitions(submissionId), { action: 'submit' }, tokens.a);
    const id = reviewIdFor(submissionId, 'province');
    const bad = [
      { ...reviewDoc(submissionId, 'province'), scores: { 'score:unit:D1': -1 } },
      { ...reviewDoc(submissionId, 'province'), gradedOn: '2026/01/10' },
    ];
    for (const doc of bad) {
      const [r] = await api.push(tokens.hn, [mutation('review', id, 0, doc)]);
      expect(r).toMatchObject({ status: 'rejected', code: 'invalidDoc' });
    }
  });
});
