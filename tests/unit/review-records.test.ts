/**
 * Reviews in the local store: each stage keeps its own record, every save is audited and queued
 * for sync, and the province workspace reads final grades from them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  getTemplate,
  installBuiltinTemplates,
  loadProvinceRows,
  reviewsOf,
  saveReview,
  StorageError,
  type TianbaoDb,
} from '../../shared/db/index.ts';
import {
  reviewIdFor,
  reviewInputOf,
  reviewerGrades,
  canScoreStage,
  stagesFor,
} from '../../shared/domain/review.ts';
import { scoreReview } from '../../shared/domain/scoring-engine.ts';
import { filterRows, UNGRADED } from '../../shared/domain/province-stats.ts';
import { getBuiltinTemplate } from '../../shared/templates/index.ts';
import { memoryDb } from '../helpers/memory-db.ts';
import { fillV1 } from '../fixtures/db/v1.ts';

const keytasks = getBuiltinTemplate('keytasks-2023')!;
const shuanggao = getBuiltinTemplate('shuanggao-2024')!;
const all = (n: number) => ({
  'score:unit:targets': n,
  'score:unit:tasks': n,
  'score:unit:funding': n,
  'score:unit:quality': n,
});

let db: TianbaoDb;
afterEach(() => db?.close());

describe('who scores which stage', () => {
  it('the province scores 省评, the ministry 省评 and 复核, the unit neither', () => {
    expect(stagesFor(shuanggao, 'province').map((s) => s.code)).toEqual(['province']);
    expect(stagesFor(shuanggao, 'ministry').map((s) => s.code)).toEqual(['province', 'ministry']);
    expect(stagesFor(shuanggao, 'unit')).toEqual([]);
    expect(canScoreStage('province', 'self')).toBe(false);
  });

  it('derives one id per submission and stage', () => {
    expect(reviewIdFor('s-1', 'province')).toBe(reviewIdFor('s-1', 'province'));
    expect(reviewIdFor('s-1', 'province')).not.toBe(reviewIdFor('s-1', 'ministry'));
    expect(reviewIdFor('s-1', 'province')).toMatch(/^rv-[0-9a-f]{40}$/);
  });
});

describe('scores from a submission and its reviews', () => {
  it('the 自评 counts once handed in; a dated 省评 replaces it; 复核 replaces both', () => {
    const submission = { values: all(70), submittedAt: '2026-12-10T02:00:00.000Z' };
    const draft = scoreReview(keytasks, reviewInputOf(keytasks, { values: all(70) }, []));
    expect(draft.final).toBeNull();
    const self = scoreReview(keytasks, reviewInputOf(keytasks, submission, []));
    expect(self.final).toMatchObject({
      stage: 'self',
      score: 70,
      grade: { name: '合格' },
      gradedOn: '2026-12-10',
    });
    const province = [{ stage: 'province', combination: 'std', scores: all(91), gradedOn: '2027-01-05' }];
    const reviewed = scoreReview(keytasks, reviewInputOf(keytasks, submission, province));
    expect(reviewed.final).toMatchObject({ stage: 'province', score: 91, grade: { name: '优秀' } });
    // Each stage keeps its own scores side by side.
    expect(reviewed.stages.map((s) => s.score)).toEqual([70, 91]);
  });

  it('takes the combination from the latest review (双高 school 50/25/25 or group 30/70)', () => {
    const scores = (slot: string, n: number, dims: string[]) =>
      Object.fromEntries(dims.map((d) => [`score:${slot}:${d}`, n]));
    const school = shuanggao.scoring!.parts.find((p) => p.code === 'school')!.dimensions.map((d) => d.code);
    const cluster = shuanggao.scoring!.parts.find((p) => p.code === 'cluster')!.dimensions.map((d) => d.code);
    const review = {
      stage: 'province',
      combination: 'group',
      scores: { ...scores('school', 80, school), ...scores('cluster', 90, cluster) },
      gradedOn: '2024-04-01',
    };
    const input = reviewInputOf(shuanggao, { values: {} }, [review]);
    expect(input.combination).toBe('group');
    // 0.3 × 80 + 0.7 × 90 = 87 → 良 (75 ≤ 87 < 90).
    expect(scoreReview(shuanggao, input).final).toMatchObject({ score: 87, grade: { name: '良' } });
    expect(reviewerGrades(shuanggao, [{ ...review, submissionId: 's-9' }]).get('s-9')?.grade.name).toBe('良');
  });
});

describe('review records in the store', () => {
  it('saves a stage’s scores in one transaction with audit and an outbox entry; stages stay apart', async () => {
    db = memoryDb();
    await fillV1(db);
    await saveReview(
      db,
      { submissionId: 's-1', stage: 'province', combination: 'std', scores: all(88) },
      '湖南省教育厅',
    );
    await saveReview(
      db,
      { submissionId: 's-1', stage: 'province', scores: { 'score:unit:quality': 40 } },
      '湖南省教育厅',
    );
    await saveReview(
      db,
      { submissionId: 's-1', stage: 'ministry', combination: 'std', scores: all(95) },
      '教育部',
    );
    const reviews = await reviewsOf(db, 's-1');
    expect(reviews).toHaveLength(2);
    const province = reviews.find((r) => r.stage === 'province')!;
    expect(province.id).toBe(reviewIdFor('s-1', 'province'));
    expect(province.scores).toEqual({ ...all(88), 'score:unit:quality': 40 });
    expect(reviews.find((r) => r.stage === 'ministry')!.scores['score:unit:quality']).toBe(95);
    const audit = await db.audit.where('[entity+entityId]').equals(['review', 's-1']).toArray();
    expect(audit.find((a) => a.field === 'province:score:unit:quality' && a.after === 40)).toMatchObject({
      before: 88,
      actor: '湖南省教育厅',
    });
    const outbox = await db.outbox.toArray();
    expect(
      outbox
        .filter((o) => o.entity === 'review')
        .map((o) => o.entityId)
        .sort(),
    ).toEqual([reviewIdFor('s-1', 'province'), reviewIdFor('s-1', 'ministry')].sort());
  });

  it('refuses a review of a submission that is not in the store, and writes nothing', async () => {
    db = memoryDb();
    await fillV1(db);
    await expect(
      saveReview(db, { submissionId: 'nope', stage: 'province', scores: all(1) }, 'x'),
    ).rejects.toThrow(StorageError);
    expect(await db.reviews.count()).toBe(0);
    expect((await db.outbox.toArray()).filter((o) => o.entity === 'review')).toEqual([]);
  });

  it('the province workspace shows and filters by the final reviewer grade', async () => {
    db = memoryDb();
    await fillV1(db);
    await installBuiltinTemplates(db);
    const template = (await getTemplate(db, 'keytasks-2023', '2023.1'))!;
    let rows = await loadProvinceRows(db, { templateId: 'keytasks-2023', year: 2025, template });
    expect(rows[0]!.grade).toBeUndefined();
    await saveReview(
      db,
      { submissionId: 's-1', stage: 'province', combination: 'std', scores: all(55), gradedOn: '2026-01-20' },
      '湖南省教育厅',
    );
    rows = await loadProvinceRows(db, { templateId: 'keytasks-2023', year: 2025, template });
    expect(rows[0]).toMatchObject({ grade: '不合格', score: 55 });
    expect(filterRows(rows, { grade: '不合格' })).toHaveLength(1);
    expect(filterRows(rows, { grade: UNGRADED })).toHaveLength(0);
    expect(filterRows(rows, { grade: '优秀' })).toHaveLength(0);
  });
});
