/**
 * Incremental updates (ISO 32000-1 §7.5.6): what a change adds is appended after the original
 * bytes, which stay untouched. A stamped file therefore still starts with the document as it came
 * in, the hash carried by the QR code names a real prefix of the file, and a second signature never
 * invalidates the first. Pure TypeScript over pdf-lib's object model: runs in Node, a worker or the
 * renderer.
 *
 * Use: load with {@link loadForUpdate}, change the document through pdf-lib, then
 * {@link saveIncremental}. Objects that differ from the snapshot taken at load time, and new ones,
 * are written after the old `%%EOF` with a cross-reference section whose /Prev points back.
 */
import { PDFDocument, PDFStream, type PDFObject, type PDFRef } from 'pdf-lib';
import { msg } from '../i18n/message.ts';
import { PdfUpdateError } from './errors.ts';

const latin1 = new TextDecoder('latin1');
const encoder = new TextEncoder();

export interface UpdatableDocument {
  doc: PDFDocument;
  original: Uint8Array;
  /** Fingerprint of every object as loaded, by "num gen". */
  snapshot: Map<string, { object: PDFObject; print: string }>;
}

function keyOf(ref: PDFRef): string {
  return `${ref.objectNumber} ${ref.generationNumber}`;
}

/** A cheap fingerprint: streams by dictionary and length, other objects by their PDF syntax. */
function fingerprint(object: PDFObject): string {
  if (object instanceof PDFStream) return `${object.dict.toString()}#${object.getContentsSize()}`;
  return object.toString();
}

/** Bytes as a latin1 string: one character per byte, for searching PDF syntax. */
export function bytesToLatin1(bytes: Uint8Array): string {
  return latin1.decode(bytes);
}

export function isPdf(bytes: Uint8Array): boolean {
  return bytesToLatin1(bytes.subarray(0, 1024)).includes('%PDF-');
}

/**
 * Loads a PDF for changes that will be appended. Refuses what is not a PDF and encrypted files
 * (their objects would have to be re-encrypted).
 */
export async function loadForUpdate(bytes: Uint8Array): Promise<UpdatableDocument> {
  if (!isPdf(bytes)) throw new PdfUpdateError(msg('seal:error.notPdf'));
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true });
  } catch (err) {
    throw new PdfUpdateError(
      msg('seal:error.unreadablePdf', { detail: err instanceof Error ? err.message : String(err) }),
    );
  }
  if (doc.isEncrypted) throw new PdfUpdateError(msg('seal:error.encryptedPdf'));
  const prev = lastStartXref(bytes);
  if (prev === undefined) throw new PdfUpdateError(msg('seal:error.noStartXref'));
  // pdf-lib does not keep object and cross-reference streams as objects, so its idea of the
  // largest number can be below theirs: new objects must start at the file's /Size, or one
  // would take an object stream's number and hide every object inside it.
  const size = lastSize(bytes, prev);
  if (size - 1 > doc.context.largestObjectNumber) doc.context.largestObjectNumber = size - 1;
  const snapshot = new Map<string, { object: PDFObject; print: string }>();
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    snapshot.set(keyOf(ref), { object, print: fingerprint(object) });
  }
  return { doc, original: bytes, snapshot };
}

/** Offset given by the file's last `startxref`. */
export function lastStartXref(bytes: Uint8Array): number | undefined {
  const tail = bytesToLatin1(bytes.subarray(Math.max(0, bytes.length - 2048)));
  const matches = [...tail.matchAll(/startxref\s+(\d+)/g)];
  const last = matches[matches.length - 1];
  return last ? Number(last[1]) : undefined;
}

/** /Size of the last trailer or cross-reference stream, when it can be read. */
function lastSize(bytes: Uint8Array, xrefOffset: number): number {
  const text = bytesToLatin1(bytes.subarray(xrefOffset, Math.min(bytes.length, xrefOffset + 1_000_000)));
  const m = /\/Size\s+(\d+)/.exec(text);
  return m ? Number(m[1]) : 0;
}

function isXrefStream(bytes: Uint8Array, offset: number): boolean {
  const head = bytesToLatin1(bytes.subarray(offset, offset + 64)).trimStart();
  return !head.startsWith('xref');
}

function concat(parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function serialize(object: PDFObject): Uint8Array {
  const out = new Uint8Array(object.sizeInBytes());
  object.copyBytesInto(out, 0);
  return out;
}

export interface IncrementalResult {
  bytes: Uint8Array;
  /** Byte offset of each written object ("num gen" → offset of "num gen obj"). */
  offsets: Map<string, number>;
}

/** The objects that are new or changed since the snapshot, in object-number order. */
export function changedObjects(update: UpdatableDocument): [PDFRef, PDFObject][] {
  const changed: [PDFRef, PDFObject][] = [];
  for (const [ref, object] of update.doc.context.enumerateIndirectObjects()) {
    const before = update.snapshot.get(keyOf(ref));
    if (before && before.object === object && before.print === fingerprint(object)) continue;
    changed.push([ref, object]);
  }
  return changed.sort((a, b) => a[0].objectNumber - b[0].objectNumber);
}

/**
 * Appends the changed and new objects, a cross-reference section of the kind the file already
 * uses (table or stream) and a trailer chained to the previous one with /Prev.
 */
export async function saveIncremental(update: UpdatableDocument): Promise<IncrementalResult> {
  const { original, doc } = update;
  // Images and fonts are embedded lazily by pdf-lib; write them now.
  await doc.flush();
  const prev = lastStartXref(original)!;
  const objects = changedObjects(update);
  const parts: Uint8Array[] = [original];
  let at = original.length;
  const push = (p: Uint8Array) => {
    parts.push(p);
    at += p.length;
  };
  const last = original[original.length - 1];
  if (last !== 0x0a && last !== 0x0d) push(encoder.encode('\n'));

  const offsets = new Map<string, number>();
  const entries: { num: number; gen: number; offset: number }[] = [];
  for (const [ref, object] of objects) {
    offsets.set(keyOf(ref), at);
    entries.push({ num: ref.objectNumber, gen: ref.generationNumber, offset: at });
    push(encoder.encode(`${ref.objectNumber} ${ref.generationNumber} obj\n`));
    push(serialize(object));
    push(encoder.encode('\nendobj\n'));
  }

  const { Root, Info, ID } = doc.context.trailerInfo;
  const streamXref = isXrefStream(original, prev);
  const xrefNum = streamXref ? doc.context.largestObjectNumber + 1 : 0;
  const size = Math.max(lastSize(original, prev), doc.context.largestObjectNumber + 1, xrefNum + 1);
  const trailerEntries = [
    `/Size ${size}`,
    Root ? `/Root ${Root.toString()}` : '',
    Info ? `/Info ${Info.toString()}` : '',
    ID ? `/ID ${ID.toString()}` : '',
    `/Prev ${prev}`,
  ].filter(Boolean);

  const xrefAt = at;
  if (!streamXref) {
    let table = 'xref\n';
    for (const group of contiguous(entries)) {
      table += `${group[0]!.num} ${group.length}\n`;
      for (const e of group) {
        table += `${String(e.offset).padStart(10, '0')} ${String(e.gen).padStart(5, '0')} n\r\n`;
      }
    }
    push(encoder.encode(`${table}trailer\n<< ${trailerEntries.join(' ')} >>\n`));
  } else {
    entries.push({ num: xrefNum, gen: 0, offset: xrefAt });
    const rows = new Uint8Array(entries.length * 7);
    const index: number[] = [];
    let i = 0;
    for (const group of contiguous(entries)) {
      index.push(group[0]!.num, group.length);
      for (const e of group) {
        rows[i * 7] = 1;
        rows[i * 7 + 1] = (e.offset >>> 24) & 0xff;
        rows[i * 7 + 2] = (e.offset >>> 16) & 0xff;
        rows[i * 7 + 3] = (e.offset >>> 8) & 0xff;
        rows[i * 7 + 4] = e.offset & 0xff;
        rows[i * 7 + 5] = (e.gen >>> 8) & 0xff;
        rows[i * 7 + 6] = e.gen & 0xff;
        i++;
      }
    }
    const dict = `<< /Type /XRef ${trailerEntries.join(' ')} /W [1 4 2] /Index [${index.join(' ')}] /Length ${rows.length} >>`;
    push(encoder.encode(`${xrefNum} 0 obj\n${dict}\nstream\n`));
    push(rows);
    push(encoder.encode('\nendstream\nendobj\n'));
  }
  push(encoder.encode(`startxref\n${xrefAt}\n%%EOF\n`));
  return { bytes: concat(parts), offsets };
}

function contiguous<T extends { num: number }>(entries: T[]): T[][] {
  const sorted = [...entries].sort((a, b) => a.num - b.num);
  const groups: T[][] = [];
  for (const e of sorted) {
    const group = groups[groups.length - 1];
    if (group && group[group.length - 1]!.num + 1 === e.num) group.push(e);
    else groups.push([e]);
  }
  return groups;
}
