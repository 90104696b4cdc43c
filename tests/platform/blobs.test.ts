/** Blobs: chunked upload, a connection cut mid-chunk and resumed, hash check, limits, download rights. */
import { expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { apiPath } from '../../shared/api/paths.ts';
import { MAX_BLOB_BYTES, uploadStateSchema } from '../../shared/api/blobs.ts';
import { UNIT_A, eachBackend, usePlatform, type Api } from './harness.ts';
import { evidenceDoc, mutation, newId, projectDoc, submissionDoc } from './docs.ts';

const MiB = 1024 * 1024;

function sha(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function patchChunk(api: Api, token: string, hash: string, offset: number, bytes: Buffer) {
  return api.request('PATCH', apiPath.uploadChunk(hash, offset), {
    token,
    payload: bytes,
    headers: { 'content-type': 'application/octet-stream' },
  });
}

/** Uploads a whole blob in chunks and completes it. */
async function upload(api: Api, token: string, bytes: Buffer, chunk = MiB): Promise<string> {
  const hash = sha(bytes);
  const start = await api.post(apiPath.upload(hash), { size: bytes.length }, token);
  expect(start.status).toBe(200);
  for (let at = start.body.received as number; at < bytes.length; at += chunk) {
    const r = await patchChunk(api, token, hash, at, bytes.subarray(at, Math.min(at + chunk, bytes.length)));
    expect(r.status).toBe(200);
  }
  const done = await api.post(apiPath.uploadComplete(hash), {}, token);
  expect(done.status).toBe(200);
  return hash;
}

/** A draft submission of unit A to attach evidence to. */
async function draftOfA(api: Api, token: string): Promise<string> {
  const projectId = newId();
  const submissionId = newId();
  await api.push(token, [
    mutation('project', projectId, 0, projectDoc(UNIT_A.id)),
    mutation('submission', submissionId, 0, submissionDoc(projectId)),
  ]);
  return submissionId;
}

/** Sends the head of a chunk over a real socket and then drops the connection. */
function cutChunk(url: string, token: string, path: string, bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const req = http.request(new URL(path, url), {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/octet-stream',
        'content-length': String(bytes.length),
      },
    });
    req.on('error', () => resolve());
    req.on('close', () => resolve());
    req.write(bytes.subarray(0, bytes.length >> 1), () => setTimeout(() => req.destroy(), 50));
  });
}

eachBackend((kind) => {
  const ctx = usePlatform(kind);

  it('uploads in chunks, verifies the hash, serves the same bytes back', async () => {
    const { api, tokens } = ctx();
    const bytes = randomBytes(2 * MiB + 12345);
    const hash = await upload(api, tokens.a, bytes);
    const status = await api.get(apiPath.upload(hash), tokens.a);
    expect(uploadStateSchema.parse(status.body)).toEqual({
      sha256: hash,
      size: bytes.length,
      received: bytes.length,
      complete: true,
    });
    const down = await api.get(apiPath.blob(hash), tokens.a);
    expect(down.status).toBe(200);
    expect(down.headers['content-type']).toBe('application/octet-stream');
    expect(down.headers['content-disposition']).toMatch(/^attachment/);
    expect(sha(down.raw)).toBe(hash);
    // Starting again once it is stored says so at once: nothing to send.
    const again = await api.post(apiPath.upload(hash), { size: bytes.length }, tokens.a);
    expect(again.body).toMatchObject({ complete: true, received: bytes.length });
  });

  it('resumes an upload whose connection was cut half-way through a chunk', async () => {
    const { api, app, tokens } = ctx();
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const bytes = randomBytes(3 * MiB);
    const hash = sha(bytes);
    await api.post(apiPath.upload(hash), { size: bytes.length }, tokens.a);
    expect((await patchChunk(api, tokens.a, hash, 0, bytes.subarray(0, MiB))).status).toBe(200);

    await cutChunk(url, tokens.a, apiPath.uploadChunk(hash, MiB), bytes.subarray(MiB, 2 * MiB));
    // The half chunk is not kept: the platform holds exactly the first chunk.
    const status = await api.get(apiPath.upload(hash), tokens.a);
    expect(status.body).toMatchObject({ received: MiB, complete: false });
    // A client that lost its state asks again with start, and gets the same answer.
    expect((await api.post(apiPath.upload(hash), { size: bytes.length }, tokens.a)).body.received).toBe(MiB);

    for (let at = MiB; at < bytes.length; at += MiB)
      expect((await patchChunk(api, tokens.a, hash, at, bytes.subarray(at, at + MiB))).status).toBe(200);
    expect((await api.post(apiPath.uploadComplete(hash), {}, tokens.a)).body).toEqual({
      sha256: hash,
      size: bytes.length,
      complete: true,
    });
    expect(sha((await api.get(apiPath.blob(hash), tokens.a)).raw)).toBe(hash);
  });

  it('refuses bytes that do not match their hash, and discards them', async () => {
    const { api, tokens } = ctx();
    const bytes = randomBytes(1000);
    const claimed = sha(randomBytes(1000));
    await api.post(apiPath.upload(claimed), { size: 1000 }, tokens.a);
    await patchChunk(api, tokens.a, claimed, 0, bytes);
    const r = await api.post(apiPath.uploadComplete(claimed), {}, tokens.a);
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({
      code: 'hashMismatch',
      message: '文件内容与其 SHA-256 不符，已丢弃，请重新上传',
    });
    expect((await api.get(apiPath.upload(claimed), tokens.a)).status).toBe(404);
    expect((await api.get(apiPath.blob(claimed), tokens.a)).status).toBe(404);
    const submissionId = await draftOfA(api, tokens.a);
    const [ev] = await api.push(tokens.a, [
      mutation('evidence', newId(), 0, evidenceDoc(submissionId, claimed, 1000)),
    ]);
    expect(ev).toMatchObject({ status: 'rejected', code: 'blobMissing', retryable: true });
  });

  it('enforces the blob, chunk and offset limits', async () => {
    const { api, tokens } = ctx();
    const tooBig = await api.post(apiPath.upload('b'.repeat(64)), { size: MAX_BLOB_BYTES + 1 }, tokens.a);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error).toMatchObject({
      code: 'blobTooLarge',
      message: '文件有 50.0 MB，超过单个文件 50 MB 的上限',
    });

    const bytes = randomBytes(5 * MiB);
    const hash = sha(bytes);
    await api.post(apiPath.upload(hash), { size: bytes.length }, tokens.a);
    const chunk = await patchChunk(api, tokens.a, hash, 0, bytes.subarray(0, 4 * MiB + 1));
    expect(chunk.status).toBe(413);
    expect(chunk.body.error).toMatchObject({
      code: 'chunkTooLarge',
      message: '上传分块过大，每块上限为 4 MB',
    });

    expect((await patchChunk(api, tokens.a, hash, 0, bytes.subarray(0, MiB))).status).toBe(200);
    const skip = await patchChunk(api, tokens.a, hash, 2 * MiB, bytes.subarray(2 * MiB, 3 * MiB));
    expect(skip.status).toBe(409);
    expect(skip.body.error).toMatchObject({ code: 'offsetMismatch', details: { received: MiB } });

    const early = await api.post(apiPath.uploadComplete(hash), {}, tokens.a);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('uploadIncomplete');

    const small = randomBytes(100);
    const smallHash = sha(small);
    await api.post(apiPath.upload(smallHash), { size: 100 }, tokens.a);
    const beyond = await patchChunk(api, tokens.a, smallHash, 0, randomBytes(101));
    expect(beyond.status).toBe(413);
    expect(beyond.body.error.code).toBe('beyondSize');

    const json = await api.request('PATCH', apiPath.uploadChunk(smallHash, 0), {
      token: tokens.a,
      body: { a: 1 },
    });
    expect(json.status).toBe(415);
    expect((await api.get(apiPath.upload('c'.repeat(64)), tokens.a)).status).toBe(404);
  });

  it('lets evidence cite only blobs its unit uploaded, and downloads only where the unit is visible', async () => {
    const { api, tokens } = ctx();
    const bytes = randomBytes(4096);
    const hash = await upload(api, tokens.a, bytes);
    const submissionId = await draftOfA(api, tokens.a);
    const [ev] = await api.push(tokens.a, [
      mutation('evidence', newId(), 0, evidenceDoc(submissionId, hash, 4096)),
    ]);
    expect(ev).toMatchObject({ status: 'applied' });
    const [wrongSize] = await api.push(tokens.a, [
      mutation('evidence', newId(), 0, evidenceDoc(submissionId, hash, 1)),
    ]);
    expect(wrongSize).toMatchObject({ status: 'rejected', code: 'invalidDoc' });

    expect(sha((await api.get(apiPath.blob(hash), tokens.hn)).raw)).toBe(hash);
    expect(sha((await api.get(apiPath.blob(hash), tokens.moe)).raw)).toBe(hash);
    expect((await api.get(apiPath.blob(hash), tokens.gd)).status).toBe(404);
    expect((await api.get(apiPath.blob(hash), tokens.b)).status).toBe(404);
    // Knowing the hash is not enough to start from "complete": b has to send the bytes itself.
    expect((await api.post(apiPath.upload(hash), { size: 4096 }, tokens.b)).body).toMatchObject({
      complete: false,
      received: 0,
    });
  });
});
