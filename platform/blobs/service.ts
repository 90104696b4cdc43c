/**
 * Chunked, resumable, verified uploads and authorised downloads. Chunks of one upload are
 * written one at a time (a per-upload queue), each at exactly the current end of the part file.
 * A blob is accepted only after its bytes hash to the name it was uploaded under.
 */
import type { Db } from '../db/types.ts';
import { writeTransaction } from '../db/write.ts';
import { MAX_BLOB_BYTES, MAX_CHUNK_BYTES, type UploadState } from '../../shared/api/blobs.ts';
import { blobOwner, type Principal } from '../auth/principal.ts';
import {
  addBlobAndRef,
  canReadBlob,
  deleteUpload,
  getUpload,
  hasRef,
  putUpload,
  type UploadRow,
} from '../store/blobs.ts';
import { apiError } from '../http/errors.ts';
import { BlobFiles } from './files.ts';

const MB = 1024 * 1024;

export class BlobService {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly db: Db,
    readonly files: BlobFiles,
  ) {}

  /** Runs fn after every earlier operation on the same upload. */
  private serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const run = (this.queues.get(key) ?? Promise.resolve()).then(fn, fn);
    const settled = run.catch(() => undefined);
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return run;
  }

  /** Bytes held for an upload: the part file, or the whole object if a crash left it promoted. */
  private async received(upload: UploadRow): Promise<number> {
    const part = await this.files.size(this.files.partPath(upload.owner, upload.sha256));
    if (part !== undefined) return part;
    return (await this.files.size(this.files.objectPath(upload.sha256))) === upload.size ? upload.size : 0;
  }

  async start(p: Principal, sha256: string, size: number, now: string): Promise<UploadState> {
    if (size > MAX_BLOB_BYTES)
      throw apiError(413, 'blobTooLarge', { sizeMb: (size / MB).toFixed(1), maxMb: MAX_BLOB_BYTES / MB });
    const owner = blobOwner(p);
    return this.serial(`${owner}/${sha256}`, async () => {
      if (await hasRef(this.db, sha256, owner)) return { sha256, size, received: size, complete: true };
      const existing = await getUpload(this.db, owner, sha256);
      if (existing && existing.size === size) {
        const received = await this.received(existing);
        if (received <= size) return { sha256, size, received, complete: false };
      }
      // New, or restarted with another size (then the earlier bytes cannot be the same file).
      await this.files.resetPart(owner, sha256);
      await writeTransaction(this.db, (tx) =>
        putUpload(tx, { owner, sha256, size, unitId: p.role === 'unit' ? (p.unitId ?? null) : null }, now),
      );
      return { sha256, size, received: 0, complete: false };
    });
  }

  async status(p: Principal, sha256: string): Promise<UploadState> {
    const owner = blobOwner(p);
    const upload = await getUpload(this.db, owner, sha256);
    if (!upload) {
      if (await hasRef(this.db, sha256, owner)) {
        const size = (await this.files.size(this.files.objectPath(sha256))) ?? 0;
        return { sha256, size, received: size, complete: true };
      }
      throw apiError(404, 'uploadNotFound');
    }
    return { sha256, size: upload.size, received: await this.received(upload), complete: false };
  }

  async append(p: Principal, sha256: string, offset: number, bytes: Uint8Array): Promise<UploadState> {
    if (bytes.byteLength > MAX_CHUNK_BYTES)
      throw apiError(413, 'chunkTooLarge', { maxMb: MAX_CHUNK_BYTES / MB });
    const owner = blobOwner(p);
    return this.serial(`${owner}/${sha256}`, async () => {
      const upload = await getUpload(this.db, owner, sha256);
      if (!upload) throw apiError(404, 'uploadNotFound');
      const received = await this.received(upload);
      if (offset !== received) throw apiError(409, 'offsetMismatch', { offset, received }, { received });
      if (received + bytes.byteLength > upload.size)
        throw apiError(413, 'beyondSize', { size: upload.size }, { received });
      if (bytes.byteLength > 0) await this.files.writeChunk(owner, sha256, offset, bytes);
      return { sha256, size: upload.size, received: received + bytes.byteLength, complete: false };
    });
  }

  async complete(p: Principal, sha256: string, now: string): Promise<{ sha256: string; size: number }> {
    const owner = blobOwner(p);
    return this.serial(`${owner}/${sha256}`, async () => {
      const upload = await getUpload(this.db, owner, sha256);
      if (!upload) {
        if (await hasRef(this.db, sha256, owner)) return { sha256, size: (await this.sizeOf(sha256)) ?? 0 };
        throw apiError(404, 'uploadNotFound');
      }
      const received = await this.received(upload);
      if (received !== upload.size)
        throw apiError(409, 'uploadIncomplete', { received, size: upload.size }, { received });
      const partFile = this.files.partPath(owner, sha256);
      const source =
        (await this.files.size(partFile)) !== undefined ? partFile : this.files.objectPath(sha256);
      if ((await this.files.hashFile(source)) !== sha256) {
        // Wrong bytes are never kept: the client starts over with what it really has.
        await this.files.discardPart(owner, sha256);
        await writeTransaction(this.db, (tx) => deleteUpload(tx, owner, sha256));
        throw apiError(422, 'hashMismatch');
      }
      await writeTransaction(this.db, async (tx) => {
        await addBlobAndRef(
          tx,
          { sha256, size: upload.size, owner, unitId: p.role === 'unit' ? (p.unitId ?? null) : null },
          now,
        );
        await deleteUpload(tx, owner, sha256);
        // Moved inside the transaction: a failed move rolls the rows back; a crash after the move
        // but before commit leaves the object and the upload row, which complete() finishes next time.
        if (source === partFile) await this.files.promote(owner, sha256);
      });
      return { sha256, size: upload.size };
    });
  }

  private sizeOf(sha256: string): Promise<number | undefined> {
    return this.files.size(this.files.objectPath(sha256));
  }

  /** The file to send, or 404 both when it does not exist and when the caller may not see it. */
  async download(p: Principal, sha256: string): Promise<{ file: string; size: number }> {
    // 404 rather than 403: whether a file with this hash exists at all is not the caller's business.
    if (!(await canReadBlob(this.db, p, sha256))) throw apiError(404, 'blobNotFound');
    const file = this.files.objectPath(sha256);
    const size = await this.files.size(file);
    if (size === undefined) throw apiError(404, 'blobNotFound');
    return { file, size };
  }
}
