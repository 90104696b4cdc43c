/**
 * Reads a zip's central directory by hand, before JSZip sees the file. JSZip silently merges
 * entries whose names resolve to the same path (`a/../manifest.json`, a second `manifest.json`)
 * and rewrites `../` names; the raw directory tells us exactly what the file holds, and its
 * declared sizes let a zip bomb be refused before a single byte is inflated.
 */

export interface ZipDirectoryEntry {
  /** The name exactly as stored (UTF-8 decoded; undecodable bytes become U+FFFD). */
  name: string;
  /** True when the stored name bytes were not valid UTF-8. */
  badName: boolean;
  isDirectory: boolean;
  compressedSize: number;
  uncompressedSize: number;
}

export type ZipDirectory =
  | { ok: true; entries: ZipDirectoryEntry[] }
  | { ok: false; reason: 'notZip' | 'truncated' }
  | { ok: false; reason: 'tooManyEntries'; count: number };

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
const EOCD_SIZE = 22;
const CENTRAL_SIZE = 46;
const MAX_COMMENT = 0xffff;

const SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

function isPrefixOfSignature(bytes: Uint8Array): boolean {
  return bytes.length > 0 && bytes.length < 4 && [...bytes].every((b, i) => b === SIGNATURE[i]);
}

function findEndOfCentral(view: DataView): number {
  const last = view.byteLength - EOCD_SIZE;
  const first = Math.max(0, last - MAX_COMMENT);
  for (let pos = last; pos >= first; pos--) {
    if (view.getUint32(pos, true) !== END_OF_CENTRAL) continue;
    // The comment must run exactly to the end; otherwise the file was cut or has junk appended.
    if (pos + EOCD_SIZE + view.getUint16(pos + 20, true) === view.byteLength) return pos;
  }
  return -1;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lossy = new TextDecoder('utf-8');

function decodeName(bytes: Uint8Array): { name: string; badName: boolean } {
  try {
    return { name: utf8.decode(bytes), badName: false };
  } catch {
    return { name: lossy.decode(bytes), badName: true };
  }
}

/**
 * The entries of a single-disk zip without zip64 (packages never need it: they are capped well
 * below 4 GiB and 65,535 entries, and zip64 markers read as sizes and counts over those caps).
 */
export function readZipDirectory(bytes: Uint8Array, maxEntries: number): ZipDirectory {
  if (bytes.length < 4) return { ok: false, reason: isPrefixOfSignature(bytes) ? 'truncated' : 'notZip' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== LOCAL_HEADER) return { ok: false, reason: 'notZip' };
  if (bytes.length < EOCD_SIZE) return { ok: false, reason: 'truncated' };
  const eocd = findEndOfCentral(view);
  if (eocd < 0) return { ok: false, reason: 'truncated' };
  const count = view.getUint16(eocd + 10, true);
  if (count > maxEntries) return { ok: false, reason: 'tooManyEntries', count };
  if (view.getUint16(eocd + 4, true) !== 0 || view.getUint16(eocd + 8, true) !== count) {
    return { ok: false, reason: 'truncated' };
  }
  const size = view.getUint32(eocd + 12, true);
  const offset = view.getUint32(eocd + 16, true);
  if (offset + size !== eocd) return { ok: false, reason: 'truncated' };

  const entries: ZipDirectoryEntry[] = [];
  let pos = offset;
  for (let i = 0; i < count; i++) {
    if (pos + CENTRAL_SIZE > eocd || view.getUint32(pos, true) !== CENTRAL_HEADER) {
      return { ok: false, reason: 'truncated' };
    }
    const nameLength = view.getUint16(pos + 28, true);
    const extraLength = view.getUint16(pos + 30, true);
    const commentLength = view.getUint16(pos + 32, true);
    const end = pos + CENTRAL_SIZE + nameLength + extraLength + commentLength;
    if (end > eocd) return { ok: false, reason: 'truncated' };
    const { name, badName } = decodeName(bytes.subarray(pos + CENTRAL_SIZE, pos + CENTRAL_SIZE + nameLength));
    entries.push({
      name,
      badName,
      isDirectory: name.endsWith('/'),
      compressedSize: view.getUint32(pos + 20, true),
      uncompressedSize: view.getUint32(pos + 24, true),
    });
    pos = end;
  }
  if (pos !== eocd) return { ok: false, reason: 'truncated' };
  return { ok: true, entries };
}

/**
 * A name that would land outside the folder it is extracted into, or that means different
 * things on different systems: `../`, `/abs`, `C:\`, backslashes, control characters.
 */
export function isUnsafeName(name: string): boolean {
  if (name === '' || name.startsWith('/') || name.includes('\\') || /^[A-Za-z]:/.test(name)) return true;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return true;
  // Empty segments (`a//b`) are cleaned away by zip libraries, so they could shadow another entry.
  return name
    .split('/')
    .some((part, i, parts) => part === '..' || part === '.' || (part === '' && i !== parts.length - 1));
}
