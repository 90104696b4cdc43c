/**
 * Rows as JSON lines and back. IndexedDB holds structured-clone values, which JSON alone cannot:
 * byte arrays and Blobs, dates, undefined, NaN and ±Infinity, -0, big integers, maps and sets.
 * Those become tagged objects `{"$t": …}`; bytes are replaced by a reference to their SHA-256
 * and written once as `blobs/<sha256>`. A plain object that itself has a `$t` key is wrapped
 * (`{"$t":"obj","v":{…}}`) so no stored value can be mistaken for a tag.
 *
 * Every line is RFC 8785 canonical JSON, so the same rows always give the same text and hash:
 * storeDigest() is a hash over these lines, in the browser, in Node and in a restored store.
 */
import canonicalize from 'canonicalize';
import { sha256Hex } from '../util/sha256.ts';

export type Tagged = null | boolean | number | string | Tagged[] | { [key: string]: Tagged };

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

interface BytesRef {
  [key: string]: Tagged;
  $t: 'bytes' | 'blob';
  sha256: string;
  size: number;
}

interface Pending {
  source: Uint8Array | Blob;
  ref: BytesRef;
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

/**
 * Encodes rows to tagged JSON values. Byte references get their hash in finish(), which reads
 * Blobs (asynchronous) and hashes every byte array; lines are made after that.
 */
export class RowEncoder {
  private pending: Pending[] = [];

  encode(value: unknown): Tagged {
    switch (typeof value) {
      case 'string':
      case 'boolean':
        return value;
      case 'number':
        if (Number.isNaN(value)) return { [TAG]: 'num', v: 'NaN' };
        if (value === Infinity) return { [TAG]: 'num', v: 'Infinity' };
        if (value === -Infinity) return { [TAG]: 'num', v: '-Infinity' };
        if (Object.is(value, -0)) return { [TAG]: 'num', v: '-0' };
        return value;
      case 'undefined':
        return { [TAG]: 'undef' };
      case 'bigint':
        return { [TAG]: 'bigint', v: value.toString() };
      case 'object':
        return value === null ? null : this.encodeObject(value);
      default:
        // Functions and symbols cannot be stored in IndexedDB at all.
        throw new TypeError(`cannot back up a ${typeof value}`);
    }
  }

  private bytes(kind: ViewKind, data: Uint8Array): BytesRef {
    const ref: BytesRef = { [TAG]: 'bytes', k: kind, sha256: '', size: data.byteLength };
    this.pending.push({ source: data, ref });
    return ref;
  }

  private encodeObject(value: object): Tagged {
    if (Array.isArray(value)) {
      const out: Tagged[] = new Array<Tagged>(value.length);
      for (let i = 0; i < value.length; i++) out[i] = this.encode(value[i]);
      return out;
    }
    if (isBlob(value)) {
      const ref: BytesRef = { [TAG]: 'blob', type: value.type, sha256: '', size: value.size };
      if (typeof File !== 'undefined' && value instanceof File) {
        ref.name = value.name;
        ref.lastModified = value.lastModified;
      }
      this.pending.push({ source: value, ref });
      return ref;
    }
    if (value instanceof ArrayBuffer) return this.bytes('ArrayBuffer', new Uint8Array(value));
    if (ArrayBuffer.isView(value)) {
      const kind = typeName(value) as ViewKind;
      if (!(kind in VIEWS)) throw new TypeError(`cannot back up a ${kind}`);
      return this.bytes(kind, new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    }
    if (value instanceof Date) {
      const time = value.getTime();
      return { [TAG]: 'date', v: Number.isNaN(time) ? null : time };
    }
    if (value instanceof Map) {
      return { [TAG]: 'map', v: [...value].map(([k, v]) => [this.encode(k), this.encode(v)]) };
    }
    if (value instanceof Set) return { [TAG]: 'set', v: [...value].map((v) => this.encode(v)) };
    if (value instanceof RegExp) return { [TAG]: 'regexp', source: value.source, flags: value.flags };
    const kind = typeName(value);
    if (kind === 'Boolean' || kind === 'Number' || kind === 'String') {
      return { [TAG]: 'boxed', v: this.encode((value as { valueOf(): unknown }).valueOf()) };
    }
    // Plain objects, and anything else IndexedDB stored as its own enumerable properties.
    const out: { [key: string]: Tagged } = {};
    for (const key of Object.keys(value)) out[key] = this.encode((value as Record<string, unknown>)[key]);
    return TAG in out ? { [TAG]: 'obj', v: out } : out;
  }

  /** Reads and hashes every byte array and Blob met so far; the bytes by SHA-256 go to `blobs`. */
  async finish(blobs: Map<string, Uint8Array>): Promise<void> {
    const pending = this.pending;
    this.pending = [];
    for (const { source, ref } of pending) {
      const data = isBlob(source) ? new Uint8Array(await source.arrayBuffer()) : source;
      const sha256 = await sha256Hex(data);
      ref.sha256 = sha256;
      ref.size = data.byteLength;
      if (!blobs.has(sha256)) blobs.set(sha256, exactBytes(data));
    }
  }
}

/** One row as its line (without the newline): canonical JSON of the tagged value. */
export function lineOf(tagged: Tagged): string {
  return canonicalize(tagged) ?? 'null';
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
  if (!(TAG in o)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(o)) out[key] = decodeValue(o[key], blobs);
    return out;
  }
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
