/**
 * Blob bytes on disk: `objects/ab/<sha256>` once verified (immutable, stored once), and
 * `uploads/<owner>/<sha256>.part` while arriving. The size of a part file is how much has been
 * received, so an upload resumes after a cut connection or a restart.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

export class BlobFiles {
  constructor(readonly root: string) {}

  objectPath(sha256: string): string {
    return path.join(this.root, 'objects', sha256.slice(0, 2), sha256);
  }

  /** Owners are `unit:<id>` / `user:<id>` with ids of [A-Za-z0-9_-]: safe once ':' is replaced. */
  partPath(owner: string, sha256: string): string {
    return path.join(this.root, 'uploads', owner.replace(':', '_'), `${sha256}.part`);
  }

  async size(file: string): Promise<number | undefined> {
    try {
      return (await stat(file)).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Creates (or empties) a part file. */
  async resetPart(owner: string, sha256: string): Promise<void> {
    const file = this.partPath(owner, sha256);
    await mkdir(path.dirname(file), { recursive: true });
    const fh = await open(file, 'w');
    await fh.close();
  }

  /** Writes one chunk at `offset` and flushes it to disk before the client is told it arrived. */
  async writeChunk(owner: string, sha256: string, offset: number, bytes: Uint8Array): Promise<void> {
    const fh = await open(this.partPath(owner, sha256), 'r+');
    try {
      await fh.write(bytes, 0, bytes.byteLength, offset);
      // A shorter file than the client was told would only cost a re-send, but a longer one with
      // stale bytes could not happen either: the offset is always the current end.
      await fh.sync();
    } finally {
      await fh.close();
    }
  }

  async hashFile(file: string): Promise<string> {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }

  /** Moves a verified part into the object store (an existing object has the same bytes). */
  async promote(owner: string, sha256: string): Promise<void> {
    const target = this.objectPath(sha256);
    await mkdir(path.dirname(target), { recursive: true });
    if ((await this.size(target)) !== undefined) await rm(this.partPath(owner, sha256), { force: true });
    else await rename(this.partPath(owner, sha256), target);
  }

  /**
   * Stores verified bytes as an object (from a submission package): written to a temporary file,
   * flushed, then renamed into place, so the object is whole or absent. True when written, false
   * when the object was there already (same hash, same bytes).
   */
  async putObject(sha256: string, bytes: Uint8Array): Promise<boolean> {
    const target = this.objectPath(sha256);
    if ((await this.size(target)) === bytes.byteLength) return false;
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    const fh = await open(tmp, 'w');
    try {
      await fh.write(bytes, 0, bytes.byteLength, 0);
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await rename(tmp, target);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    return true;
  }

  async discardPart(owner: string, sha256: string): Promise<void> {
    await rm(this.partPath(owner, sha256), { force: true });
  }
}
