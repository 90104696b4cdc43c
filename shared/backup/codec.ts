/**
 * Rows as JSON lines and back. IndexedDB holds structured-clone values, which JSON alone cannot:
 * byte arrays and Blobs, dates, undefined, NaN and ±Infinity, -0, big integers, maps and sets.
 * Those become tagged objects `{"$t": …}`; bytes are replaced by a reference to their SHA-256
 * and written once as `blobs/<sha256>`. A plain object that itself has a `$t` key is wrapped
 * (`{"$t":"obj","v":{…}}`) so no stored value can be mistaken for a tag.
 *
 * Every line is canonical JSON (RFC 8785: keys sorted by UTF-16 code units, ECMAScript number
 * form, no spaces), so the same rows always give the same text and hash: storeDigest() is a hash
 * over these lines, in the browser, in Node and in a restored store. Strings are escaped by
 * JSON.stringify, which keeps a lone surrogate (text cut mid-character) as `\udxxx` instead of
 * refusing it.
 */
import { sha256Hex } from '../util/sha256.ts';

const TAG = '$t';

/** Constructors of the binary views a row may hold, by the name written to the backup. */
const VIEWS = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
  DataView,
} as const;
type ViewKind = keyof typeof VIEWS | 'ArrayBuffer';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A byte array or Blob met while encoding; its line gets the reference once it is hashed. */
interface Pending {
  source: Uint8Array | Blob;
  ref: { [key: string]: Json };
}

function typeName(value: object): string {
  return Object.prototype.toString.call(value).slice(8, -1);
}

function isBlob(value: unknown): value is Blob {
  return typeof Blob !== 'undefined' && value instanceof Blob;
}

/** A copy whose buffer is exactly these bytes (a view may sit in a larger buffer). */
export function exactBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  if (
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength &&
    bytes.buffer instanceof ArrayBuffer
  )
    return bytes as Uint8Array<ArrayBuffer>;
  return new Uint8Array(bytes);
}

/** Canonical JSON of plain JSON data (the tags and references this module builds). */
export function canonicalJson(value: Json): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k]!)}`).join(',')}}`;
}

/**
 * A placeholder for a byte reference inside a line until its hash is known. JSON.stringify
 * escapes U+0000 in every string, so the raw character occurs nowhere else in a line.
 */
const MARK = '\u0000';
// eslint-disable-next-line no-control-regex -- U+0000 is the marker, see above
const MARKS = /\u0000(\d+)\u0000/g;

/**
 * Encodes rows to canonical JSON lines in one pass. Byte references get their hash in
 * finish(), which reads Blobs (asynchronous) and hashes every byte array; resolve() then puts
 * the references into the lines that have them.
 */
export class RowEncoder {
  private pending: Pending[] = [];

  /** The line of one value; byte references are placeholders until finish() and resolve(). */
  line(value: unknown): string {
    switch (typeof value) {
      case 'string':
        return JSON.stringify(value);
      case 'boolean':
        return value ? 'true' : 'false';
      case 'number':
        if (Number.isNaN(value)) return '{"$t":"num","v":"NaN"}';
        if (value === Infinity) return '{"$t":"num","v":"Infinity"}';
        if (value === -Infinity) return '{"$t":"num","v":"-Infinity"}';
        if (Object.is(value, -0)) return '{"$t":"num","v":"-0"}';
        return JSON.stringify(value);
      case 'undefined':
        return '{"$t":"undef"}';
      case 'bigint':
        return `{"$t":"bigint","v":"${value.toString()}"}`;
      case 'object':
        return value === null ? 'null' : this.object(value);
      default:
        // Functions and symbols cannot be stored in IndexedDB at all.
        throw new TypeError(`cannot back up a ${typeof value}`);
    }
  }

  /** Rows of a table share their keys: each key set is sorted and quoted once. */
  private shapes = new Map<string, [string, string][]>();

  private sortedKeys(keys: string[]): [string, string][] {
    const id = JSON.stringify(keys);
    let sorted = this.shapes.get(id);
    if (!sorted) {
      sorted = [...keys].sort().map((k) => [k, JSON.stringify(k)]);
      if (this.shapes.size < 10_000) this.shapes.set(id, sorted);
    }
    return sorted;
  }

  private placeholder(source: Uint8Array | Blob, ref: { [key: string]: Json }): string {
    this.pending.push({ source, ref });
    return `${MARK}${this.pending.length - 1}${MARK}`;
  }

  private object(value: object): string {
    if (Array.isArray(value)) {
      let out = '[';
      for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + this.line(value[i]);
      return `${out}]`;
    }
    if (isBlob(value)) {
      const ref: { [key: string]: Json } = { [TAG]: 'blob', type: value.type };
      if (typeof File !== 'undefined' && value instanceof File) {
        ref.name = value.name;
        ref.lastModified = value.lastModified;
      }
      return this.placeholder(value, ref);
    }
    if (value instanceof ArrayBuffer) {
      return this.placeholder(new Uint8Array(value), { [TAG]: 'bytes', k: 'ArrayBuffer' });
    }
    if (ArrayBuffer.isView(value)) {
      const kind = typeName(value) as ViewKind;
      if (!(kind in VIEWS)) throw new TypeError(`cannot back up a ${kind}`);
      const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
      return this.placeholder(bytes, { [TAG]: 'bytes', k: kind });
    }
    if (value instanceof Date) {
      const time = value.getTime();
      return `{"$t":"date","v":${Number.isNaN(time) ? 'null' : JSON.stringify(time)}}`;
    }
    if (value instanceof Map) {
      const pairs = [...value].map(([k, v]) => `[${this.line(k)},${this.line(v)}]`);
      return `{"$t":"map","v":[${pairs.join(',')}]}`;
    }
    if (value instanceof Set) return `{"$t":"set","v":[${[...value].map((v) => this.line(v)).join(',')}]}`;
    if (value instanceof RegExp)
      return canonicalJson({ [TAG]: 'regexp', source: value.source, flags: value.flags });
    const kind = typeName(value);
    if (kind === 'Boolean' || kind === 'Number' || kind === 'String') {
      return `{"$t":"boxed","v":${this.line((value as { valueOf(): unknown }).valueOf())}}`;
    }
    // Plain objects, and anything else IndexedDB stored as its own enumerable properties.
    const record = value as Record<string, unknown>;
    const keys = this.sortedKeys(Object.keys(record));
    let out = '{';
    for (let i = 0; i < keys.length; i++) {
      out += `${i ? ',' : ''}${keys[i]![1]}:${this.line(record[keys[i]![0]])}`;
    }
    out += '}';
    return TAG in record ? `{"$t":"obj","v":${out}}` : out;
  }

  /** Reads and hashes every byte array and Blob met so far; the bytes by SHA-256 go to `blobs`. */
  async finish(blobs: Map<string, Uint8Array>): Promise<void> {
    for (const { source, ref } of this.pending) {
      const data = isBlob(source) ? new Uint8Array(await source.arrayBuffer()) : source;
      const sha256 = await sha256Hex(data);
      ref.sha256 = sha256;
      ref.size = data.byteLength;
      if (!blobs.has(sha256)) blobs.set(sha256, exactBytes(data));
    }
  }

  /** A line with its byte references filled in (after finish()). */
  resolve(line: string): string {
    if (!line.includes(MARK)) return line;
    return line.replace(MARKS, (_, i: string) => canonicalJson(this.pending[Number(i)]!.ref));
  }
}

/* ------------------------------------------------------------------ decoding */

/** A line that does not decode; `reason` is English detail for the located message. */
export class RowDecodeError extends Error {
  constructor(
    readonly kind: 'invalid' | 'missingBlob',
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'RowDecodeError';
  }
}

function isTaggedObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberOf(v: unknown): number {
  switch (v) {
    case 'NaN':
      return NaN;
    case 'Infinity':
      return Infinity;
    case '-Infinity':
      return -Infinity;
    case '-0':
      return -0;
    default:
      throw new RowDecodeError('invalid', `unknown number ${JSON.stringify(v)}`);
  }
}

/**
 * Tagged JSON back to the stored value. `blobs` gives the verified bytes by SHA-256; a reference
 * to bytes the backup lacks, or with another size, is an error.
 */
export function decodeValue(value: unknown, blobs: ReadonlyMap<string, Uint8Array>): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new RowDecodeError('invalid', 'number out of range');
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => decodeValue(v, blobs));
  const o = value as { [key: string]: unknown };
  // fromEntries defines own properties, so a stored `__proto__` key stays a plain key.
  if (!(TAG in o)) return Object.fromEntries(Object.keys(o).map((k) => [k, decodeValue(o[k], blobs)]));
  switch (o[TAG]) {
    case 'num':
      return numberOf(o.v);
    case 'undef':
      return undefined;
    case 'bigint':
      if (typeof o.v !== 'string' || !/^-?\d+$/.test(o.v)) throw new RowDecodeError('invalid', 'bad bigint');
      return BigInt(o.v);
    case 'date':
      if (o.v !== null && typeof o.v !== 'number') throw new RowDecodeError('invalid', 'bad date');
      return new Date(o.v === null ? NaN : o.v);
    case 'map':
      if (!Array.isArray(o.v)) throw new RowDecodeError('invalid', 'bad map');
      return new Map(
        o.v.map((pair: unknown) => {
          if (!Array.isArray(pair) || pair.length !== 2) throw new RowDecodeError('invalid', 'bad map entry');
          return [decodeValue(pair[0], blobs), decodeValue(pair[1], blobs)] as const;
        }),
      );
    case 'set':
      if (!Array.isArray(o.v)) throw new RowDecodeError('invalid', 'bad set');
      return new Set(o.v.map((v: unknown) => decodeValue(v, blobs)));
    case 'regexp':
      if (typeof o.source !== 'string' || typeof o.flags !== 'string')
        throw new RowDecodeError('invalid', 'bad regexp');
      return new RegExp(o.source, o.flags);
    case 'boxed':
      return Object(decodeValue(o.v, blobs)) as unknown;
    case 'obj':
      if (!isTaggedObject(o.v)) throw new RowDecodeError('invalid', 'bad wrapped object');
      return Object.fromEntries(
        Object.keys(o.v).map((k) => [k, decodeValue((o.v as Record<string, unknown>)[k], blobs)]),
      );
    case 'bytes':
    case 'blob':
      return decodeBytes(o, blobs);
    default:
      throw new RowDecodeError('invalid', `unknown tag ${JSON.stringify(o[TAG])}`);
  }
}

function decodeBytes(o: { [key: string]: unknown }, blobs: ReadonlyMap<string, Uint8Array>): unknown {
  const sha256 = typeof o.sha256 === 'string' ? o.sha256 : '';
  const data = blobs.get(sha256);
  if (!data) throw new RowDecodeError('missingBlob', sha256);
  if (o.size !== data.byteLength) throw new RowDecodeError('invalid', `size ${String(o.size)} of ${sha256}`);
  if (o[TAG] === 'blob') {
    const type = typeof o.type === 'string' ? o.type : '';
    if (typeof o.name === 'string' && typeof File !== 'undefined') {
      const lastModified = typeof o.lastModified === 'number' ? o.lastModified : 0;
      return new File([exactBytes(data)], o.name, { type, lastModified });
    }
    return new Blob([exactBytes(data)], { type });
  }
  const kind = o.k;
  // A buffer of exactly these bytes: IndexedDB stores a view's whole buffer, not just the view.
  const exact = exactBytes(data);
  const buffer = exact.buffer;
  if (kind === 'ArrayBuffer') return buffer;
  if (kind === 'Uint8Array') return exact;
  if (typeof kind !== 'string' || !(kind in VIEWS)) throw new RowDecodeError('invalid', `unknown bytes kind`);
  if (kind === 'DataView') return new DataView(buffer);
  const View = VIEWS[kind as Exclude<keyof typeof VIEWS, 'DataView'>];
  if (buffer.byteLength % View.BYTES_PER_ELEMENT !== 0)
    throw new RowDecodeError('invalid', 'bad view length');
  return new View(buffer);
}
