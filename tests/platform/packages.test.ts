/**
 * Submission packages imported on the platform (POST /api/v1/packages): a 湖南 unit's offline
 * submission brought in by its province reviewer or by the unit itself; tampered and truncated
 * packages refused with the located reason and nothing written; other provinces and other units
 * refused; importing twice writes nothing; conflicts answered 409 unless a reviewer replaces.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureUser } from '../../platform/admin.ts';
import { ROUTES, apiPath } from '../../shared/api/paths.ts';
import {
  packageConflictDetailsSchema,
  packageImportResponseSchema,
  packageInvalidDetailsSchema,
} from '../../shared/api/packages.ts';
import { apiErrorSchema } from '../../shared/api/common.ts';
import { changeStatus, hashDocument, type TianbaoDb } from '../../shared/db/index.ts';
import { submissionDocumentOf } from '../../shared/package/checks.ts';
import { packageContentFromStore } from '../../shared/package/from-store.ts';
import { writePackage } from '../../shared/package/write.ts';
import type { PackageContent } from '../../shared/package/format.ts';
import { sha256HexSync } from '../../shared/util/sha256.ts';
import { PDF, PHOTO, UNIT_PROFILE, indexOfBytes, seedSubmission, type Seeded } from '../fixtures/package.ts';
import { memoryDb } from '../helpers/memory-db.ts';
import type { Db } from '../../platform/db/types.ts';
import { FAST_SCRYPT, PASSWORD, eachBackend, usePlatform, type Api, type Reply } from './harness.ts';

const CREATED_AT = '2026-03-05T08:00:00.000Z';
const HNGY = 'hngy';

function post(
  api: Api,
  bytes: Uint8Array,
  token: string,
  replace = false,
  headers: Record<string, string> = {},
) {
  return api.request('POST', apiPath.importPackage(replace), {
    token,
    payload: Buffer.from(bytes),
    headers: { 'content-type': 'application/octet-stream', ...headers },
  });
}

function ok(r: Reply) {
  if (r.status !== 200) throw new Error(`import answered ${r.status}: ${JSON.stringify(r.body)}`);
  return packageImportResponseSchema.parse(r.body);
}

/** Everything an import could write, to prove a refused one wrote nothing. */
async function footprint(db: Db, api: Api, token: string, submissionId: string) {
  const [row] = await db.query<{ n: string; seq: string | null; events: string; blobs: string }>(
    `SELECT (SELECT count(*) FROM entities)::text AS n, (SELECT max(seq) FROM entities)::text AS seq,
       (SELECT count(*) FROM submission_events)::text AS events, (SELECT count(*) FROM blob_refs)::text AS blobs`,
  );
  const record = await api.get(apiPath.entity('submission', submissionId), token);
  return { ...row, submission: record.status === 200 ? record.body.record.rev : null };
}

eachBackend((kind) => {
  const ctx = usePlatform(kind);
  let store: TianbaoDb;
  let seeded: Seeded;
  let submitted: Uint8Array;
  let content: PackageContent;

  beforeAll(async () => {
    store = memoryDb({ name: `pkg-${kind}` });
    await store.open();
    seeded = await seedSubmission(store);
    content = await packageContentFromStore(store, seeded.submissionId);
    submitted = await writePackage(content, { createdAt: CREATED_AT });
  });
  afterAll(() => store?.close());

  it('imports a unit’s submitted package for its province: every record, the files, an import event', async () => {
    const { api, tokens, db } = ctx();
    const r = ok(await post(api, submitted, tokens.hn));
    expect(r.outcome).toBe('created');
    expect(r.submissionId).toBe(seeded.submissionId);
    expect(r.replaced).toBe(false);
    const byEntity = (e: string) => r.records.filter((x) => x.entity === e);
    expect(r.records.every((x) => x.change === 'created' && x.rev === 1)).toBe(true);
    expect(byEntity('unit').map((x) => x.id)).toEqual([UNIT_PROFILE.id]);
    expect(byEntity('project').map((x) => x.id)).toEqual([seeded.projectId]);
    expect(byEntity('evidence')).toHaveLength(3);
    expect(byEntity('comment').map((x) => x.id)).toEqual(['c-1']);
    // The PDF is cited twice and stored once.
    expect(r.blobs).toEqual({ stored: 2, present: 0 });
    expect(r.event).toMatchObject({
      action: 'import',
      from: 'draft',
      to: 'submitted',
      rev: 1,
      actorName: '湖南省教育厅',
      role: 'province',
      sha256: content.submission.doc.snapshotSha256,
    });
    expect(r.event?.packageSha256).toMatch(/^[0-9a-f]{64}$/);

    // The province pulls the records as any others, with the status and receipt hash kept.
    const pulled = await api.pullAll(tokens.hn);
    const sub = pulled.changes.find((c) => c.entity === 'submission' && c.id === seeded.submissionId);
    expect(sub?.doc).toMatchObject({
      status: 'submitted',
      snapshotSha256: content.submission.doc.snapshotSha256,
      values: { T01_01: 128, T01_02: 41.5, T01_04: true },
      raw: { T01_03: '大约二十' },
    });
    for (const id of [UNIT_PROFILE.id, seeded.projectId, 'c-1'])
      expect(pulled.changes.some((c) => c.id === id)).toBe(true);
    const events = await api.get(apiPath.events(seeded.submissionId), tokens.hn);
    expect(events.body.events).toEqual([r.event]);

    // So does the unit, once it has an account; it reads the evidence files too.
    await ensureUser(
      db,
      {
        username: HNGY,
        password: PASSWORD,
        role: 'unit',
        unitId: UNIT_PROFILE.id,
        displayName: '湖南工业 填报员',
      },
      FAST_SCRYPT,
    );
    const unitToken = (await api.login(HNGY)).body.accessToken as string;
    const mine = await api.pullAll(unitToken);
    expect(mine.changes.filter((c) => c.entity === 'evidence')).toHaveLength(3);
    expect(mine.changes.some((c) => c.id === seeded.submissionId)).toBe(true);
    const file = await api.get(apiPath.blob(sha256HexSync(PHOTO)), unitToken);
    expect(file.status).toBe(200);
    expect(new Uint8Array(file.raw)).toEqual(PHOTO);

    // Another province sees none of it.
    const other = await api.pullAll(tokens.gd);
    expect(other.changes.some((c) => c.id === seeded.submissionId || c.id === UNIT_PROFILE.id)).toBe(false);
    expect((await api.get(apiPath.blob(sha256HexSync(PDF)), tokens.gd)).status).toBe(404);
  });

  it('imports the same package again without writing anything', async () => {
    const { api, tokens } = ctx();
    const before = await footprint(ctx().db, api, tokens.hn, seeded.submissionId);
    const r = ok(await post(api, submitted, tokens.hn));
    expect(r.outcome).toBe('unchanged');
    expect(r.records.every((x) => x.change === 'unchanged' && x.rev === 1)).toBe(true);
    expect(r.blobs).toEqual({ stored: 0, present: 2 });
    expect(r.event).toBeUndefined();
    expect(await footprint(ctx().db, api, tokens.hn, seeded.submissionId)).toEqual(before);
    // The unit bringing in its own copy changes nothing either (its comments are left to reviewers).
    const unitToken = (await api.login(HNGY)).body.accessToken as string;
    const own = ok(await post(api, submitted, unitToken));
    expect(own.outcome).toBe('unchanged');
    expect(own.records.find((x) => x.entity === 'comment')).toMatchObject({ id: 'c-1', change: 'skipped' });
    expect(await footprint(ctx().db, api, tokens.hn, seeded.submissionId)).toEqual(before);
  });

  it('refuses a tampered or truncated package with the located reason, writing nothing', async () => {
    const { api, tokens } = ctx();
    const before = await footprint(ctx().db, api, tokens.hn, seeded.submissionId);

    // One byte of the evidence PDF changed (evidence is stored uncompressed in the zip).
    const tampered = submitted.slice();
    const at = indexOfBytes(tampered, PDF);
    expect(at).toBeGreaterThan(0);
    tampered[at + 5] = tampered[at + 5]! ^ 0x01;
    const r = await post(api, tampered, tokens.hn);
    expect(r.status).toBe(422);
    const body = apiErrorSchema.parse(r.body).error;
    expect(body.code).toBe('packageInvalid');
    const entry = `evidence/${sha256HexSync(PDF)}`;
    expect(body.message).toMatch(
      new RegExp(`^提交包未通过校验，未导入任何内容：${entry} 的 SHA-256 与清单不符`),
    );
    expect(body.issues?.[0]).toMatchObject({ path: entry });
    const errors = packageInvalidDetailsSchema.parse(body.details).errors;
    expect(errors[0]).toMatchObject({ code: 'hashMismatch', entry, key: 'sync:package.error.hashMismatch' });

    const truncated = submitted.slice(0, Math.floor(submitted.length / 2));
    const cut = await post(api, truncated, tokens.hn);
    expect(cut.status).toBe(422);
    expect(cut.body.error.message).toMatch(/^提交包未通过校验，未导入任何内容：/);
    expect(cut.body.error.details.errors.map((e: { code: string }) => e.code)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(notZip|truncated)$/)]),
    );
    // In English when asked.
    const en = await post(api, truncated, tokens.hn, false, { 'accept-language': 'en' });
    expect(en.body.error.message).toMatch(
      /^The submission package failed verification; nothing was imported: /,
    );

    expect(await footprint(ctx().db, api, tokens.hn, seeded.submissionId)).toEqual(before);
  });

  it('refuses packages of units outside the caller’s reach (403), and bodies that are not packages', async () => {
    const { api, tokens } = ctx();
    const before = await footprint(ctx().db, api, tokens.hn, seeded.submissionId);
    const other = await post(api, submitted, tokens.gd);
    expect(other.status).toBe(403);
    expect(other.body.error).toMatchObject({
      code: 'packageForbidden',
      message: `无权导入建设单位“${UNIT_PROFILE.name}”的提交包`,
    });
    expect((await post(api, submitted, tokens.a)).status).toBe(403);
    expect((await post(api, submitted, tokens.b)).status).toBe(403);
    // A 广东 reviewer cannot bring the 湖南 unit in by claiming a 广东 region in a re-sealed package.
    const moved = await writePackage(
      { ...content, unit: { ...content.unit, doc: { ...content.unit.doc, regionCode: '440100' } } },
      { createdAt: CREATED_AT },
    );
    expect((await post(api, moved, tokens.gd)).status).toBe(403);

    const json = await api.post(apiPath.importPackage(), { mutations: [] }, tokens.hn);
    expect(json.status).toBe(415);
    const empty = await post(api, new Uint8Array(0), tokens.hn);
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('packageEmpty');
    const noToken = await api.request('POST', ROUTES.packages, {
      payload: Buffer.from(submitted),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(noToken.status).toBe(401);
    const huge = await api.request('POST', ROUTES.packages, {
      token: tokens.hn,
      payload: Buffer.alloc(61 * 1024 * 1024),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(huge.status).toBe(413);
    expect(huge.body.error.message).toBe('提交包过大，上限为 60 MB；文件较多时请联网同步');
    expect(await footprint(ctx().db, api, tokens.hn, seeded.submissionId)).toEqual(before);
  });

  it('answers 409 with the conflicting fields when the platform holds other content; a reviewer may replace', async () => {
    const { api, tokens } = ctx();
    // The unit changed a value and the project's name after the first package, and submitted
    // again (a consistent package: the receipt hash recomputed).
    const changed: PackageContent = structuredClone(content);
    changed.project.doc.name = '长沙市域产教联合体（调整）';
    changed.submission.doc.values.T01_01 = 130;
    changed.submission.doc.snapshotSha256 = hashDocument(submissionDocumentOf(changed));
    const bytes = await writePackage(changed, { createdAt: '2026-03-06T08:00:00.000Z' });

    const before = await footprint(ctx().db, api, tokens.hn, seeded.submissionId);
    const r = await post(api, bytes, tokens.hn);
    expect(r.status).toBe(409);
    const error = apiErrorSchema.parse(r.body).error;
    expect(error.code).toBe('packageConflict');
    expect(error.message).toMatch(/^平台上已有与提交包不同的内容（3 处），未导入任何内容：/);
    const details = packageConflictDetailsSchema.parse(error.details);
    expect(details.replaceable).toBe(true);
    expect(details.conflicts.map((c) => [c.entity, c.field, c.platform, c.package])).toEqual([
      ['project', 'name', '长沙市域产教联合体', '长沙市域产教联合体（调整）'],
      ['submission', 'T01_01', 128, 130],
      [
        'submission',
        'snapshotSha256',
        content.submission.doc.snapshotSha256,
        changed.submission.doc.snapshotSha256,
      ],
    ]);
    expect(details.conflicts[1]!.message).toBe(
      '2025 年度填报中 T01_01 的数据与平台不同：平台 128，提交包 130',
    );
    expect(await footprint(ctx().db, api, tokens.hn, seeded.submissionId)).toEqual(before);

    // The unit itself may not replace what the platform holds.
    const unitToken = (await api.login(HNGY)).body.accessToken as string;
    const byUnit = await post(api, bytes, unitToken, true);
    expect(byUnit.status).toBe(403);
    expect(byUnit.body.error.code).toBe('replaceForbidden');
    expect((await post(api, bytes, unitToken)).status).toBe(409);
    expect(await footprint(ctx().db, api, tokens.hn, seeded.submissionId)).toEqual(before);

    // The reviewer replaces: new revisions of the two records, the rest untouched, a new event.
    const replaced = ok(await post(api, bytes, tokens.hn, true));
    expect(replaced).toMatchObject({ outcome: 'updated', replaced: true });
    expect(replaced.records.filter((x) => x.change === 'updated').map((x) => [x.entity, x.rev])).toEqual([
      ['project', 2],
      ['submission', 2],
    ]);
    expect(replaced.event).toMatchObject({
      action: 'import',
      from: 'submitted',
      to: 'submitted',
      rev: 2,
      sha256: changed.submission.doc.snapshotSha256,
    });
    const record = await api.get(apiPath.entity('submission', seeded.submissionId), unitToken);
    expect(record.body.record).toMatchObject({ rev: 2, doc: { values: { T01_01: 130 } } });
    expect((await api.get(apiPath.events(seeded.submissionId), unitToken)).body.events).toHaveLength(2);
    // And once more: nothing left to replace.
    expect(ok(await post(api, bytes, tokens.hn, true)).outcome).toBe('unchanged');
  });

  it('treats evidence the package dropped as a conflict that a replace deletes; a unit cannot bring in a reviewer’s status', async () => {
    const { api, tokens } = ctx();
    const current = await packageContentFromStore(store, seeded.submissionId);
    const platformNow: PackageContent = structuredClone(current);
    platformNow.project.doc.name = '长沙市域产教联合体（调整）';
    platformNow.submission.doc.values.T01_01 = 130;
    // The photo taken out, with a consistent receipt hash.
    const photo = sha256HexSync(PHOTO);
    platformNow.evidence = platformNow.evidence.filter((e) => e.doc.sha256 !== photo);
    delete platformNow.blobs[photo];
    platformNow.submission.doc.snapshotSha256 = hashDocument(submissionDocumentOf(platformNow));
    const dropped = current.evidence.find((e) => e.doc.sha256 === photo)!;
    const bytes = await writePackage(platformNow);

    const refused = await post(api, bytes, tokens.hn);
    expect(refused.status).toBe(409);
    const conflicts = packageConflictDetailsSchema.parse(refused.body.error.details).conflicts;
    expect(conflicts.map((c) => [c.entity, c.id, c.field])).toEqual([
      ['submission', seeded.submissionId, 'snapshotSha256'],
      ['evidence', dropped.id, 'report:overview'],
    ]);
    expect(conflicts[1]!.message).toBe(
      '平台上有提交包中没有的佐证材料“现场.jpg”（report:overview），替换将删除它',
    );

    const replaced = ok(await post(api, bytes, tokens.moe, true));
    expect(replaced.records).toContainEqual({
      entity: 'evidence',
      id: dropped.id,
      rev: 2,
      change: 'deleted',
    });
    expect(replaced.event).toMatchObject({ role: 'ministry', rev: 3 });
    const gone = await api.get(apiPath.entity('evidence', dropped.id), tokens.hn);
    expect(gone.body.record).toMatchObject({ deleted: true, doc: null, rev: 2 });

    // A new submission the unit says a reviewer accepted: not the unit’s to say.
    const accepted: PackageContent = structuredClone(platformNow);
    accepted.submission.id = 'accepted-2026';
    accepted.submission.doc.year = 2026;
    accepted.submission.doc.status = 'accepted';
    for (const e of accepted.evidence) e.doc.submissionId = 'accepted-2026';
    accepted.evidence = accepted.evidence.map((e, i) => ({ ...e, id: `acc-ev-${i}` }));
    accepted.comments = [];
    accepted.snapshots = [];
    accepted.submission.doc.snapshotSha256 = hashDocument(submissionDocumentOf(accepted));
    const unitToken = (await api.login(HNGY)).body.accessToken as string;
    const byUnit = await post(api, await writePackage(accepted), unitToken);
    expect(byUnit.status).toBe(403);
    expect(byUnit.body.error).toMatchObject({
      code: 'packageStatusForbidden',
      message: '建设单位导入的提交包不能把新填报设为“已通过”状态',
    });
    expect((await api.get(apiPath.entity('submission', 'accepted-2026'), tokens.hn)).status).toBe(404);
  });

  it('takes the unit’s offline submit of exactly what the platform holds as a draft, and refuses a second submission of the year', async () => {
    const { api, tokens } = ctx();
    const unitToken = (await api.login(HNGY)).body.accessToken as string;
    const draftStore = memoryDb({ name: `pkg-draft-${kind}` });
    await draftStore.open();
    try {
      const s = await seedSubmission(draftStore, { submit: false });
      // Same unit, another project: the draft reaches the platform first (by the reviewer here).
      // Its comment (the fixture's c-1) belongs to the first submission on the platform: left out.
      const draftContent = await packageContentFromStore(draftStore, s.submissionId);
      draftContent.comments = [];
      const draft = await writePackage(draftContent);
      const first = ok(await post(api, draft, tokens.hn));
      expect(first.outcome).toBe('created');
      expect(first.event).toBeUndefined();

      await changeStatus(draftStore, s.submissionId, 'submit', 'unit', '李老师');
      const submittedContent = await packageContentFromStore(draftStore, s.submissionId);
      submittedContent.comments = [];
      const submittedNow = await writePackage(submittedContent);
      const r = ok(await post(api, submittedNow, unitToken));
      expect(r.outcome).toBe('updated');
      expect(r.records.filter((x) => x.change === 'updated').map((x) => x.entity)).toEqual(['submission']);
      expect(r.event).toMatchObject({
        action: 'import',
        from: 'draft',
        to: 'submitted',
        role: 'unit',
        rev: 2,
      });
      const record = await api.get(apiPath.entity('submission', s.submissionId), tokens.hn);
      expect(record.body.record.doc.status).toBe('submitted');

      // A package of another submission for the same project and year cannot be replaced in.
      const twin: PackageContent = structuredClone(submittedContent);
      const otherId = 'twin-submission-2025';
      twin.submission.id = otherId;
      for (const e of twin.evidence) e.doc.submissionId = otherId;
      for (const c of twin.comments) c.doc.submissionId = otherId;
      twin.evidence = twin.evidence.map((e, i) => ({ ...e, id: `twin-ev-${i}` }));
      twin.comments = [];
      twin.snapshots = [];
      twin.submission.doc.snapshotSha256 = hashDocument(submissionDocumentOf(twin));
      const twinBytes = await writePackage(twin);
      const refused = await post(api, twinBytes, tokens.hn, true);
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('packageConflict');
      expect(refused.body.error.details.replaceable).toBe(false);
      expect(refused.body.error.message).toMatch(/^平台上已有与提交包不同且不能替换的内容/);
      expect(refused.body.error.details.conflicts).toContainEqual(
        expect.objectContaining({ entity: 'submission', field: 'year', replaceable: false }),
      );
      expect((await api.get(apiPath.entity('submission', otherId), tokens.hn)).status).toBe(404);
    } finally {
      draftStore.close();
    }
  });
});
