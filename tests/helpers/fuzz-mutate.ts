/**
 * Mutations of valid artefacts for the fuzz suites, at three depths:
 *
 * - bytes: flip, overwrite, insert, delete, duplicate or cut bytes anywhere in the file (what a bad
 *   disk, a broken download or a careless hex edit does);
 * - zip entries: the same inside an entry's inflated content, or an XML-aware edit (an attribute
 *   value or a text node replaced with something hostile, an element dropped or repeated), or an
 *   entry removed or added, then zipped again consistently so the damage reaches the parser behind
 *   the zip layer;
 * - values: see the suites (cells edited through exceljs, JSON fields of a package changed).
 *
 * Positions are drawn as plain numbers and taken modulo the artefact's length, so one arbitrary
 * serves artefacts of any size and shrinks towards the start of the file.
 */
import fc from 'fast-check';
import JSZip from 'jszip';

// ─── Bytes ──────────────────────────────────────────────────────────────────────────────────────

export type ByteEdit =
  | { kind: 'flip'; at: number; mask: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number; to: number }
  | { kind: 'truncate'; at: number };

export const byteEditArb: fc.Arbitrary<ByteEdit> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('flip' as const),
      at: fc.nat(),
      mask: fc.integer({ min: 1, max: 255 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('set' as const),
      at: fc.nat(),
      value: fc.integer({ min: 0, max: 255 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('delete' as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 64 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('duplicate' as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 256 }),
      to: fc.nat(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
);

export const byteEditsArb = fc.array(byteEditArb, { minLength: 1, maxLength: 6 });

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The bytes with every edit applied in turn (a copy; the input is left alone). */
export function applyByteEdits(input: Uint8Array, edits: readonly ByteEdit[]): Uint8Array {
  let bytes: Uint8Array = input.slice();
  for (const e of edits) {
    const n = bytes.length;
    const at = n === 0 ? 0 : e.at % (e.kind === 'insert' || e.kind === 'truncate' ? n + 1 : n);
    switch (e.kind) {
      case 'flip':
        if (n > 0) bytes[at] = bytes[at]! ^ e.mask;
        break;
      case 'set':
        if (n > 0) bytes[at] = e.value;
        break;
      case 'insert':
        bytes = concat(bytes.subarray(0, at), e.bytes, bytes.subarray(at));
        break;
      case 'delete':
        bytes = concat(bytes.subarray(0, at), bytes.subarray(at + e.length));
        break;
      case 'duplicate': {
        const chunk = bytes.slice(at, at + e.length);
        const to = n === 0 ? 0 : e.to % (n + 1);
        bytes = concat(bytes.subarray(0, to), chunk, bytes.subarray(to));
        break;
      }
      case 'truncate':
        bytes = bytes.slice(0, at);
        break;
    }
  }
  return bytes;
}

/** Which bytes of `original` an edit list leaves in place (true) — for "signed bytes unchanged". */
export function sameBytesAt(original: Uint8Array, mutated: Uint8Array, ranges: [number, number][]): boolean {
  if (original.length !== mutated.length) return false;
  for (const [start, length] of ranges) {
    for (let i = start; i < start + length; i++) if (original[i] !== mutated[i]) return false;
  }
  return true;
}

// ─── Text ───────────────────────────────────────────────────────────────────────────────────────

/** Values that have broken spreadsheet readers: references past Excel's limits, odd numbers, markup. */
const HOSTILE_VALUES = [
  '',
  '0',
  '-1',
  '1e308',
  'NaN',
  '999999999999',
  'A1',
  'XFD1048576',
  'A1048577',
  'XFE1',
  'A1:XFD1048576',
  'A1:Z40000',
  'B2:A1',
  'F1:F1048576',
  'A0',
  '$A$1:$B$2',
  'Sheet1!A1',
  '#REF!',
  '1 2 3',
  '<',
  '&',
  '&amp;',
  '&#0;',
  '"',
  ']]>',
  '理事会（筹）',
  '𠀀',
  '\u0000',
  'true',
  'inlineStr',
  's',
  'n',
  'e',
  'str',
  'b',
  'd',
] as const;

export const hostileTextArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_VALUES) },
  { weight: 3, arbitrary: fc.string({ maxLength: 24 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('填', 'x', '9', '&lt;'), fc.integer({ min: 1000, max: 40_000 }))
      .map(([s, n]) => s.repeat(n)),
  },
);

// ─── JSON documents ──────────────────────────────────────────────────────────────────────────────

/** A path into a JSON value: keys and array indexes. */
export type JsonPath = (string | number)[];

/** Every path in a JSON value, the root included. */
export function pathsOf(value: unknown, prefix: JsonPath = []): JsonPath[] {
  const out: JsonPath[] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}

export function getAt(root: unknown, path: JsonPath): unknown {
  let node = root;
  for (const key of path) node = (node as Record<string | number, unknown> | undefined)?.[key];
  return node;
}

export type JsonEdit =
  | { kind: 'set'; at: number; value: unknown }
  | { kind: 'delete'; at: number }
  | { kind: 'duplicate'; at: number };

/** A deep copy of `input` with the edits applied, each at a path picked among the current ones. */
export function applyJsonEdits(input: unknown, edits: readonly JsonEdit[]): unknown {
  const root = { value: structuredClone(input) as unknown };
  for (const e of edits) {
    const paths = pathsOf(root.value).map((p) => ['value', ...p] as JsonPath);
    const path = paths[e.at % paths.length]!;
    const parent = getAt(root, path.slice(0, -1)) as Record<string | number, unknown>;
    const key = path[path.length - 1]!;
    if (e.kind === 'set') parent[key] = structuredClone(e.value);
    else if (e.kind === 'delete') {
      if (path.length === 1)
        parent[key] = null; // the document itself: emptied, not removed
      else if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
      else delete parent[key];
    } else if (Array.isArray(parent) && typeof key === 'number') {
      parent.splice(key, 0, structuredClone(parent[key]));
    }
  }
  return root.value;
}

/** Edits of a JSON document: a value set (from `values`), a key or element removed, an element repeated. */
export function jsonEditArbOf(values: fc.Arbitrary<unknown>): fc.Arbitrary<JsonEdit> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: values }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }) },
  );
}

// ─── Zip entries ────────────────────────────────────────────────────────────────────────────────

export type EntryEdit =
  | { kind: 'bytes'; entry: number; edits: ByteEdit[] }
  | { kind: 'attribute'; entry: number; which: number; value: string }
  | { kind: 'text'; entry: number; which: number; value: string }
  | { kind: 'dropElement'; entry: number; which: number }
  | { kind: 'repeatElement'; entry: number; which: number; times: number }
  | { kind: 'removeEntry'; entry: number }
  | { kind: 'addEntry'; name: string; content: string };

const ADDED_NAMES = [
  'xl/worksheets/sheet9.xml',
  'xl/sharedStrings.xml',
  'xl/styles.xml',
  'xl/workbook.xml',
  '[Content_Types].xml',
  'xl/_rels/workbook.xml.rels',
  'xl/tables/table1.xml',
  'evidence/x',
];

export const entryEditArb: fc.Arbitrary<EntryEdit> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('bytes' as const), entry: fc.nat(), edits: byteEditsArb }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('attribute' as const),
      entry: fc.nat(),
      which: fc.nat(),
      value: hostileTextArb,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('text' as const),
      entry: fc.nat(),
      which: fc.nat(),
      value: hostileTextArb,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('dropElement' as const), entry: fc.nat(), which: fc.nat() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('repeatElement' as const),
      entry: fc.nat(),
      which: fc.nat(),
      times: fc.integer({ min: 1, max: 50 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('removeEntry' as const), entry: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('addEntry' as const),
      name: fc.constantFrom(...ADDED_NAMES),
      content: fc.oneof(
        hostileTextArb,
        fc.constant('<?xml version="1.0"?><worksheet><sheetData/></worksheet>'),
      ),
    }),
  },
);

export const entryEditsArb = fc.array(entryEditArb, { minLength: 1, maxLength: 4 });

/** One character per byte (TextDecoder's 'latin1' is really windows-1252 and would change bytes). */
function binaryString(data: Uint8Array): string {
  let out = '';
  for (let i = 0; i < data.length; i += 8192) out += String.fromCharCode(...data.subarray(i, i + 8192));
  return out;
}

const utf8 = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/** The n-th match of a global regex (modulo the number of matches), or undefined when none. */
function nth(text: string, re: RegExp, which: number): RegExpExecArray | undefined {
  const all = [...text.matchAll(re)];
  return all.length === 0 ? undefined : (all[which % all.length] as RegExpExecArray);
}

function xmlEscape(text: string): string {
  return text.replace(/[&<"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&quot;'));
}

/** Applies one XML-aware edit to a document's text; anything that is not XML comes back as is. */
function editXml(text: string, e: EntryEdit): string {
  switch (e.kind) {
    case 'attribute': {
      const m = nth(text, /\s([\w:]+)="([^"]*)"/g, e.which);
      if (!m) return text;
      // Half the time escaped as a writer would, half the time raw (broken XML is input too).
      const value = e.value.length % 2 === 0 ? xmlEscape(e.value) : e.value;
      const start = m.index + m[0].length - m[2]!.length - 1;
      return text.slice(0, start) + value + text.slice(start + m[2]!.length);
    }
    case 'text': {
      const m = nth(text, />([^<]+)</g, e.which);
      if (!m) return text;
      const start = m.index + 1;
      return text.slice(0, start) + xmlEscape(e.value) + text.slice(start + m[1]!.length);
    }
    case 'dropElement':
    case 'repeatElement': {
      const m = nth(text, /<([\w:]+)\b[^>]*\/>|<([\w:]+)\b[^>]*>[^<]*<\/\2>/g, e.which);
      if (!m) return text;
      const repeated = e.kind === 'repeatElement' ? m[0].repeat(e.times + 1) : '';
      return text.slice(0, m.index) + repeated + text.slice(m.index + m[0].length);
    }
    default:
      return text;
  }
}

/**
 * Applies entry-level edits to a zip (an .xlsx or a .tbpkg) and zips it again. Entries are picked by
 * index (modulo their number) in the zip's own order. Returns the original bytes when the input is
 * not a zip JSZip can read.
 */
export async function applyEntryEdits(bytes: Uint8Array, edits: readonly EntryEdit[]): Promise<Uint8Array> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    return bytes;
  }
  for (const e of edits) {
    const files = Object.values(zip.files).filter((f) => !f.dir);
    if (e.kind === 'addEntry') {
      zip.file(e.name, e.content);
      continue;
    }
    if (files.length === 0) continue;
    const file = files[e.entry % files.length]!;
    if (e.kind === 'removeEntry') {
      zip.remove(file.name);
      continue;
    }
    const data = await file.async('uint8array');
    if (e.kind === 'bytes') {
      zip.file(file.name, applyByteEdits(data, e.edits));
      continue;
    }
    // XML is UTF-8; anything else is edited as one character per byte so no byte is lost.
    let text: string;
    let isUtf8 = true;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(data);
    } catch {
      isUtf8 = false;
      text = binaryString(data);
    }
    const edited = editXml(text, e);
    zip.file(
      file.name,
      isUtf8 ? encoder.encode(edited) : Uint8Array.from(edited, (c) => c.charCodeAt(0) & 0xff),
    );
  }
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** Text of a zip entry (for assertions). */
export async function entryText(bytes: Uint8Array, name: string): Promise<string | undefined> {
  const zip = await JSZip.loadAsync(bytes);
  const data = await zip.file(name)?.async('uint8array');
  return data === undefined ? undefined : utf8.decode(data);
}

/** The zip with one entry's text rewritten (for regression tests built from a fuzz finding). */
export async function rewriteEntry(
  bytes: Uint8Array,
  name: string,
  rewrite: (text: string) => string,
): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  const file = zip.file(name);
  if (!file) throw new Error(`no entry ${name}`);
  zip.file(name, rewrite(await file.async('string')));
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}
