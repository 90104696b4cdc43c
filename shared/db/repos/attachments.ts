/** Evidence bytes are stored once by SHA-256, however many fields cite them. */
import type { TianbaoDb } from '../database.ts';
import { guardedWrite } from '../errors.ts';
import type { AttachmentRecord } from '../records.ts';
import { sha256Hex } from '../../util/sha256.ts';
import { nowIso } from '../../util/ids.ts';

export async function storeAttachment(
  db: TianbaoDb,
  file: { name: string; mimeType: string; data: Uint8Array },
): Promise<AttachmentRecord> {
  const sha256 = await sha256Hex(file.data);
  return guardedWrite(() =>
    db.transaction('rw', db.attachments, async () => {
      const existing = await db.attachments.get(sha256);
      if (existing) return existing;
      const record: AttachmentRecord = {
        sha256,
        name: file.name,
        mimeType: file.mimeType,
        size: file.data.byteLength,
        data: file.data,
        storedAt: nowIso(),
      };
      await db.attachments.add(record);
      return record;
    }),
  );
}
