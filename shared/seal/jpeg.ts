/**
 * A small baseline JPEG decoder (ITU T.81 sequential Huffman, 8-bit, greyscale or YCbCr, any
 * sampling, restart intervals) for scanned seals. Progressive and arithmetic-coded JPEGs are
 * refused with a message asking for a PNG; scanners and phones write baseline by default.
 */
import { msg } from '../i18n/message.ts';
import { SealError } from './errors.ts';
import type { RgbaImage } from './image.ts';

const ZIGZAG = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7,
  14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46,
  53, 60, 61, 54, 47, 55, 62, 63,
];

interface Huffman {
  maxcode: Int32Array;
  valptr: Int32Array;
  mincode: Int32Array;
  values: Uint8Array;
}

interface Component {
  id: number;
  h: number;
  v: number;
  tq: number;
  blocksPerLine: number;
  blocksPerColumn: number;
  /** Decoded samples, blocksPerLine·8 wide. */
  pixels: Uint8Array;
  pred: number;
  dc?: Huffman;
  ac?: Huffman;
}

function buildHuffman(counts: Uint8Array, values: Uint8Array): Huffman {
  const maxcode = new Int32Array(18).fill(-1);
  const valptr = new Int32Array(17);
  const mincode = new Int32Array(17);
  let code = 0;
  let k = 0;
  for (let l = 1; l <= 16; l++) {
    const n = counts[l - 1]!;
    if (n > 0) {
      valptr[l] = k;
      mincode[l] = code;
      code += n;
      k += n;
      maxcode[l] = code - 1;
    }
    code <<= 1;
  }
  maxcode[17] = 0x7fffffff;
  return { maxcode, valptr, mincode, values };
}

const fail = (): never => {
  throw new SealError(msg('seal:image.corrupt'));
};

class BitReader {
  private bits = 0;
  private count = 0;
  constructor(
    private readonly data: Uint8Array,
    public pos: number,
  ) {}

  bit(): number {
    if (this.count === 0) {
      if (this.pos >= this.data.length) fail();
      const byte = this.data[this.pos++]!;
      if (byte === 0xff) {
        const next = this.data[this.pos];
        if (next === 0) this.pos++;
        else if (next !== undefined && next >= 0xd0 && next <= 0xd7) fail();
      }
      this.bits = byte;
      this.count = 8;
    }
    this.count--;
    return (this.bits >> this.count) & 1;
  }

  receive(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) v = (v << 1) | this.bit();
    return v;
  }

  decode(h: Huffman): number {
    let code = this.bit();
    let l = 1;
    while (code > h.maxcode[l]!) {
      code = (code << 1) | this.bit();
      if (++l > 16) fail();
    }
    return h.values[h.valptr[l]! + code - h.mincode[l]!]!;
  }

  /** Skips to the byte after the next RSTn marker. */
  restart(): void {
    this.count = 0;
    while (this.pos + 1 < this.data.length) {
      if (
        this.data[this.pos] === 0xff &&
        this.data[this.pos + 1]! >= 0xd0 &&
        this.data[this.pos + 1]! <= 0xd7
      ) {
        this.pos += 2;
        return;
      }
      this.pos++;
    }
  }
}

function extend(v: number, t: number): number {
  return t === 0 ? 0 : v < 1 << (t - 1) ? v - (1 << t) + 1 : v;
}

const COS = (() => {
  const table = new Float64Array(64);
  for (let x = 0; x < 8; x++) {
    for (let u = 0; u < 8; u++) {
      table[x * 8 + u] = (u === 0 ? Math.SQRT1_2 : 1) * Math.cos(((2 * x + 1) * u * Math.PI) / 16);
    }
  }
  return table;
})();

/** Separable inverse DCT of a dequantised block into 8×8 samples. */
function idct(block: Float64Array, out: Uint8Array, stride: number, at: number): void {
  const tmp = new Float64Array(64);
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) {
      let s = 0;
      for (let u = 0; u < 8; u++) s += COS[x * 8 + u]! * block[y * 8 + u]!;
      tmp[y * 8 + x] = s / 2;
    }
  }
  for (let x = 0; x < 8; x++) {
    for (let y = 0; y < 8; y++) {
      let s = 0;
      for (let v = 0; v < 8; v++) s += COS[y * 8 + v]! * tmp[v * 8 + x]!;
      const value = Math.round(s / 2 + 128);
      out[at + y * stride + x] = value < 0 ? 0 : value > 255 ? 255 : value;
    }
  }
}

export function decodeJpeg(data: Uint8Array): RgbaImage {
  const quant: Int32Array[] = [];
  const dcTables: Huffman[] = [];
  const acTables: Huffman[] = [];
  let components: Component[] = [];
  let width = 0;
  let height = 0;
  let hmax = 1;
  let vmax = 1;
  let mcusPerLine = 0;
  let mcusPerColumn = 0;
  let restartInterval = 0;
  let adobeTransform = -1;
  let pos = 2;
  const u16 = (p: number) => (data[p]! << 8) | data[p + 1]!;

  while (pos < data.length) {
    if (data[pos] !== 0xff) {
      pos++;
      continue;
    }
    const marker = data[pos + 1]!;
    pos += 2;
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0xff || marker === 0x01) continue;
    if (marker === 0xd9) break;
    const length = u16(pos);
    const seg = pos + 2;
    const end = pos + length;
    if (end > data.length) fail();
    switch (marker) {
      case 0xdb: {
        let p = seg;
        while (p < end) {
          const pq = data[p]! >> 4;
          const tq = data[p]! & 15;
          p++;
          const table = new Int32Array(64);
          for (let i = 0; i < 64; i++) {
            table[ZIGZAG[i]!] = pq ? u16(p + i * 2) : data[p + i]!;
          }
          p += pq ? 128 : 64;
          quant[tq] = table;
        }
        break;
      }
      case 0xc4: {
        let p = seg;
        while (p < end) {
          const tc = data[p]! >> 4;
          const th = data[p]! & 15;
          const counts = data.subarray(p + 1, p + 17);
          const total = counts.reduce((a, b) => a + b, 0);
          const values = data.slice(p + 17, p + 17 + total);
          (tc === 0 ? dcTables : acTables)[th] = buildHuffman(counts, values);
          p += 17 + total;
        }
        break;
      }
      case 0xdd:
        restartInterval = u16(seg);
        break;
      case 0xee:
        if (String.fromCharCode(...data.subarray(seg, seg + 5)) === 'Adobe') adobeTransform = data[seg + 11]!;
        break;
      case 0xc0:
      case 0xc1: {
        if (data[seg] !== 8) throw new SealError(msg('seal:image.jpegUnsupported'));
        height = u16(seg + 1);
        width = u16(seg + 3);
        const n = data[seg + 5]!;
        components = [];
        for (let i = 0; i < n; i++) {
          const p = seg + 6 + i * 3;
          components.push({
            id: data[p]!,
            h: data[p + 1]! >> 4 || 1,
            v: data[p + 1]! & 15 || 1,
            tq: data[p + 2]!,
            blocksPerLine: 0,
            blocksPerColumn: 0,
            pixels: new Uint8Array(0),
            pred: 0,
          });
        }
        if (width === 0 || height === 0 || (n !== 1 && n !== 3)) {
          throw new SealError(msg('seal:image.jpegUnsupported'));
        }
        hmax = Math.max(...components.map((c) => c.h));
        vmax = Math.max(...components.map((c) => c.v));
        mcusPerLine = Math.ceil(width / (8 * hmax));
        mcusPerColumn = Math.ceil(height / (8 * vmax));
        for (const c of components) {
          c.blocksPerLine = mcusPerLine * c.h;
          c.blocksPerColumn = mcusPerColumn * c.v;
          c.pixels = new Uint8Array(c.blocksPerLine * 8 * c.blocksPerColumn * 8);
        }
        break;
      }
      case 0xda: {
        const n = data[seg]!;
        const scan: Component[] = [];
        for (let i = 0; i < n; i++) {
          const c = components.find((x) => x.id === data[seg + 1 + i * 2]);
          if (!c) fail();
          const tables = data[seg + 2 + i * 2]!;
          c!.dc = dcTables[tables >> 4];
          c!.ac = acTables[tables & 15];
          if (!c!.dc || !c!.ac) fail();
          c!.pred = 0;
          scan.push(c!);
        }
        pos = decodeScan(
          data,
          end,
          scan,
          quant,
          restartInterval,
          mcusPerLine,
          mcusPerColumn,
          width,
          height,
          hmax,
          vmax,
        );
        continue;
      }
      default:
        // SOF2 (progressive), SOF3 (lossless), SOF9+ (arithmetic): not handled.
        if (marker >= 0xc2 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
          throw new SealError(msg('seal:image.jpegUnsupported'));
        }
    }
    pos = end;
  }
  if (components.length === 0 || components[0]!.pixels.length === 0) fail();
  return toRgba(components, width, height, hmax, vmax, adobeTransform);
}

function decodeScan(
  data: Uint8Array,
  start: number,
  scan: Component[],
  quant: Int32Array[],
  restartInterval: number,
  mcusPerLine: number,
  mcusPerColumn: number,
  width: number,
  height: number,
  hmax: number,
  vmax: number,
): number {
  const reader = new BitReader(data, start);
  const coefficients = new Float64Array(64);
  const decodeBlock = (c: Component, row: number, col: number) => {
    const q = quant[c.tq];
    if (!q) fail();
    coefficients.fill(0);
    const t = reader.decode(c.dc!);
    c.pred += extend(reader.receive(t), t);
    coefficients[0] = c.pred * q![0]!;
    for (let k = 1; k < 64;) {
      const rs = reader.decode(c.ac!);
      const s = rs & 15;
      const r = rs >> 4;
      if (s === 0) {
        if (r !== 15) break;
        k += 16;
        continue;
      }
      k += r;
      if (k > 63) break;
      const z = ZIGZAG[k]!;
      coefficients[z] = extend(reader.receive(s), s) * q![z]!;
      k++;
    }
    const stride = c.blocksPerLine * 8;
    if (row >= c.blocksPerColumn || col >= c.blocksPerLine) return;
    idct(coefficients, c.pixels, stride, row * 8 * stride + col * 8);
  };

  let total: number;
  let single: Component | undefined;
  let singleLine = 0;
  if (scan.length === 1) {
    single = scan[0]!;
    singleLine = Math.ceil(Math.ceil((width * single.h) / hmax) / 8);
    total = singleLine * Math.ceil(Math.ceil((height * single.v) / vmax) / 8);
  } else {
    total = mcusPerLine * mcusPerColumn;
  }
  for (let n = 0; n < total; n++) {
    if (restartInterval && n > 0 && n % restartInterval === 0) {
      reader.restart();
      for (const c of scan) c.pred = 0;
    }
    if (single) {
      decodeBlock(single, Math.floor(n / singleLine), n % singleLine);
    } else {
      const mcuRow = Math.floor(n / mcusPerLine);
      const mcuCol = n % mcusPerLine;
      for (const c of scan) {
        for (let v = 0; v < c.v; v++) {
          for (let h = 0; h < c.h; h++) decodeBlock(c, mcuRow * c.v + v, mcuCol * c.h + h);
        }
      }
    }
  }
  // Continue after the entropy-coded data: at the next marker that is not a restart.
  let p = reader.pos;
  while (p + 1 < data.length) {
    if (data[p] === 0xff && data[p + 1] !== 0 && !(data[p + 1]! >= 0xd0 && data[p + 1]! <= 0xd7)) break;
    p++;
  }
  return p;
}

function toRgba(
  components: Component[],
  width: number,
  height: number,
  hmax: number,
  vmax: number,
  adobeTransform: number,
): RgbaImage {
  const out = new Uint8Array(width * height * 4);
  const sample = (c: Component, x: number, y: number) => {
    const sx = Math.floor((x * c.h) / hmax);
    const sy = Math.floor((y * c.v) / vmax);
    return c.pixels[sy * c.blocksPerLine * 8 + sx]!;
  };
  const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));
  const ycc = components.length === 3 && adobeTransform !== 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      if (components.length === 1) {
        const g = sample(components[0]!, x, y);
        out[o] = out[o + 1] = out[o + 2] = g;
      } else {
        const a = sample(components[0]!, x, y);
        const b = sample(components[1]!, x, y);
        const c = sample(components[2]!, x, y);
        if (ycc) {
          out[o] = clamp(a + 1.402 * (c - 128));
          out[o + 1] = clamp(a - 0.344136 * (b - 128) - 0.714136 * (c - 128));
          out[o + 2] = clamp(a + 1.772 * (b - 128));
        } else {
          out[o] = a;
          out[o + 1] = b;
          out[o + 2] = c;
        }
      }
      out[o + 3] = 255;
    }
  }
  return { width, height, data: out };
}
