/** Submission status changes by role and state, with receipts, history and review comments. */
import { expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import canonicalize from 'canonicalize';
import { apiPath } from '../../shared/api/paths.ts';
import { transitionResponseSchema } from '../../shared/api/submissions.ts';
import { UNIT_A, eachBackend, usePlatform, type Api, type UserKey } from './harness.ts';
import { commentDoc, evidenceDoc, mutation, newId, projectDoc, submissionDoc } from './docs.ts';

async function draft(
  api: Api,
  token: string,
  values: Record<string, unknown> = { T01_01: 12, T01_02: null },
) {
  const projectId = newId();
  const submissionId = newId();
  await api.push(token, [
    mutation('project', projectId, 0, projectDoc(UNIT_A.id)),
    mutation('submission', submissionId, 0, submissionDoc(projectId, 2025, values)),
  ]);
  return { projectId, submissionId };
}

eachBackend((kind) => {
  const ctx = usePlatform(kind);
  const act = (who: UserKey, id: string, body: Record<string, unknown>) =>
    ctx().api.post(apiPath.transitions(id), body, ctx().tokens[who]);

  it('submits with a receipt whose SHA-256 the unit can recompute from its own copy', async () => {
    const { api, tokens } = ctx();
    const { projectId, submissionId } = await draft(api, tokens.a);
    const bytes = randomBytes(300);
    const hash = createHash('sha256').update(bytes).digest('hex');
    await api.post(apiPath.upload(hash), { size: 300 }, tokens.a);
    await api.request('PATCH', apiPath.uploadChunk(hash, 0), {
      token: tokens.a,
      payload: bytes,
      headers: { 'content-type': 'application/octet-stream' },
    });
    await api.post(apiPath.uploadComplete(hash), {}, tokens.a);
    await api.push(tokens.a, [mutation('evidence', newId(), 0, evidenceDoc(submissionId, hash, 300))]);

    const r = await act('a', submissionId, { action: 'submit', baseRev: 1 });
    expect(r.status).toBe(200);
    const t = transitionResponseSchema.parse(r.body);
    // What the client hashes (shared/db/repos/submissions.ts): blanks left out, evidence by target.
    const expected = createHash('sha256')
      .update(
        canonicalize({
          submissionId,
          projectId,
          year: 2025,
          values: { T01_01: 12 },
          evidence: [{ target: 'T01_01', sha256: hash, name: '佐证材料.pdf' }],
        })!,
      )
      .digest('hex');
    expect(t.receipt).toEqual({
      submissionId,
      status: 'submitted',
      rev: 2,
      at: t.event.at,
      sha256: expected,
      actor: '湖南学校填报员',
    });
    expect(t.record.doc).toMatchObject({
      status: 'submitted',
      snapshotSha256: expected,
      submittedAt: t.event.at,
    });

    // Locked now: edits and evidence are refused until the province returns it.
    const [edit] = await api.push(tokens.a, [
      mutation('submission', submissionId, 2, submissionDoc(projectId, 2025, { T01_01: 99 })),
    ]);
    expect(edit).toMatchObject({ status: 'rejected', code: 'locked' });
    expect(edit).toHaveProperty('reason', '填报当前状态为“已提交”，已锁定，不能修改');
  });

  it('enforces role and state: units submit and resubmit, provinces return and accept', async () => {
    const { api, tokens } = ctx();
    const { projectId, submissionId } = await draft(api, tokens.a);

    const early = await act('hn', submissionId, { action: 'accept' });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toBe('当前状态（草稿）下不能执行“审核通过”');
    expect((await act('a', submissionId, { action: 'submit' })).status).toBe(200);

    const self = await act('a', submissionId, { action: 'accept' });
    expect(self.status).toBe(403);
    expect(self.body.error).toMatchObject({ code: 'wrongRole', message: '您的角色无权执行“审核通过”' });
    const twice = await act('a', submissionId, { action: 'submit' });
    expect(twice.status).toBe(409);

    const noReason = await act('hn', submissionId, { action: 'return', reason: '  ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toBe('退回时必须填写退回原因');
    const returned = await act('hn', submissionId, { action: 'return', reason: '到款额缺少佐证' });
    expect(returned.status).toBe(200);
    expect(returned.body.record.doc.status).toBe('returned');
    expect(returned.body.receipt).toBeUndefined();

    // Returned: the unit can edit again, then resubmits with a new receipt.
    const [edit] = await api.push(tokens.a, [
      mutation('submission', submissionId, 3, submissionDoc(projectId, 2025, { T01_01: 13 })),
    ]);
    expect(edit).toMatchObject({ status: 'applied', rev: 4 });
    const stale = await act('a', submissionId, { action: 'resubmit', baseRev: 3 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'staleRev', details: { serverRev: 4 } });
    const again = await act('a', submissionId, { action: 'resubmit', baseRev: 4 });
    expect(again.status).toBe(200);
    expect(again.body.receipt).toMatchObject({ status: 'resubmitted', rev: 5 });
    expect(again.body.receipt.sha256).not.toBe(returned.body.record.doc.snapshotSha256);

    expect((await act('moe', submissionId, { action: 'accept', reason: '同意' })).status).toBe(200);
    expect((await act('hn', submissionId, { action: 'return', reason: '再看看' })).status).toBe(409);

    const events = await api.get(apiPath.events(submissionId), tokens.hn);
    expect(
      events.body.events.map(
        (e: { action: string; from: string; to: string; actorName: string; reason: string | null }) => [
          e.action,
          e.from,
          e.to,
          e.actorName,
          e.reason,
        ],
      ),
    ).toEqual([
      ['submit', 'draft', 'submitted', '湖南学校填报员', null],
      ['return', 'submitted', 'returned', '湖南省教育厅', '到款额缺少佐证'],
      ['resubmit', 'returned', 'resubmitted', '湖南学校填报员', null],
      ['accept', 'resubmitted', 'accepted', '教育部', '同意'],
    ]);
  });

  it('answers a retried status change with the first result', async () => {
    const { api, tokens } = ctx();
    const { submissionId } = await draft(api, tokens.a);
    const requestId = newId();
    const first = await act('a', submissionId, { action: 'submit', requestId });
    const retry = await act('a', submissionId, { action: 'submit', requestId });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect((await api.get(apiPath.events(submissionId), tokens.a)).body.events).toHaveLength(1);
    expect((await act('hn', submissionId, { action: 'accept', requestId })).status).toBe(409);
  });

  it('lets reviewers comment and units only mark comments resolved', async () => {
    const { api, tokens } = ctx();
    const { submissionId } = await draft(api, tokens.a);
    const id = newId();
    const [c] = await api.push(tokens.hn, [mutation('comment', id, 0, commentDoc(submissionId))]);
    expect(c).toMatchObject({ status: 'applied', rev: 1 });
    const record = (await api.get(apiPath.entity('comment', id), tokens.a)).body.record;
    expect(record.doc).toMatchObject({ author: '湖南省教育厅', resolved: false });

    const [resolved] = await api.push(tokens.a, [
      mutation('comment', id, 1, { ...record.doc, resolved: true }),
    ]);
    expect(resolved).toMatchObject({ status: 'applied', rev: 2 });
    const [rewrite] = await api.push(tokens.a, [
      mutation('comment', id, 2, { ...record.doc, text: '已改', resolved: true }),
    ]);
    expect(rewrite).toMatchObject({ status: 'rejected', code: 'commentReadOnly' });
    const [own] = await api.push(tokens.a, [mutation('comment', newId(), 0, commentDoc(submissionId))]);
    expect(own).toMatchObject({ status: 'rejected', code: 'commentReadOnly' });
  });
});
