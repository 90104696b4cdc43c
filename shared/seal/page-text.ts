/**
 * Where the text of a page is: a small content-stream interpreter (graphics and text state, the
 * text-showing operators, fonts' ToUnicode maps and widths) that yields text lines with their
 * boxes in page space. Used to find the signature block (office name and date) a seal goes on;
 * Form XObjects and inline images are skipped.
 */
import {
  PDFArray,
  PDFDict,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFStream,
  decodePDFRawStream,
  type PDFDocument,
  type PDFObject,
  type PDFPage,
} from 'pdf-lib';
import type { Matrix } from './path.ts';

export interface TextLine {
  text: string;
  /** Page space (points, y up). */
  xMin: number;
  xMax: number;
  /** Baseline. */
  y: number;
  size: number;
}

interface FontInfo {
  twoByte: boolean;
  toUnicode: Map<number, string>;
  widths: (code: number) => number;
}

interface Run {
  text: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
}

const latin1 = new TextDecoder('latin1');

function streamBytes(stream: PDFObject | undefined): Uint8Array {
  if (stream instanceof PDFRawStream) {
    try {
      return decodePDFRawStream(stream).decode();
    } catch {
      return new Uint8Array(0);
    }
  }
  if (stream instanceof PDFStream) return stream.getContents();
  return new Uint8Array(0);
}

function mul(a: Matrix, b: Matrix): Matrix {
  return [
    a[0] * b[0] + a[1] * b[2],
    a[0] * b[1] + a[1] * b[3],
    a[2] * b[0] + a[3] * b[2],
    a[2] * b[1] + a[3] * b[3],
    a[4] * b[0] + a[5] * b[2] + b[4],
    a[4] * b[1] + a[5] * b[3] + b[5],
  ];
}

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

function hexCode(s: string): number {
  return parseInt(s, 16);
}

function utf16(hex: string): string {
  let out = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) out += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return out;
}

/** bfchar and bfrange entries of a ToUnicode CMap. */
function parseToUnicode(text: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>/g))
      map.set(hexCode(m[1]!), utf16(m[2]!));
  }
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1]!.matchAll(
      /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]*>|\[[^\]]*\])/g,
    )) {
      const lo = hexCode(m[1]!);
      const hi = hexCode(m[2]!);
      if (hi - lo > 0xffff) continue;
      if (m[3]!.startsWith('[')) {
        const items = [...m[3]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((x) => utf16(x[1]!));
        items.forEach((s, i) => map.set(lo + i, s));
      } else {
        const start = hexCode(m[3]!.slice(1, -1));
        for (let c = lo; c <= hi; c++) map.set(c, String.fromCharCode(start + c - lo));
      }
    }
  }
  return map;
}

function numberOf(o: PDFObject | undefined): number | undefined {
  return o instanceof PDFNumber ? o.asNumber() : undefined;
}

function fontInfo(doc: PDFDocument, dict: PDFDict): FontInfo {
  const lookup = <T extends PDFObject>(o: PDFObject | undefined): T | undefined =>
    (o instanceof PDFRef ? doc.context.lookup(o) : o) as T | undefined;
  const subtype = lookup<PDFName>(dict.get(PDFName.of('Subtype')))?.asString();
  const twoByte = subtype === '/Type0';
  const toUnicodeStream = lookup(dict.get(PDFName.of('ToUnicode')));
  const toUnicode = parseToUnicode(latin1.decode(streamBytes(toUnicodeStream)));
  const widthMap = new Map<number, number>();
  let defaultWidth = twoByte ? 1000 : 500;
  if (twoByte) {
    const descendant = lookup<PDFDict>(lookup<PDFArray>(dict.get(PDFName.of('DescendantFonts')))?.get(0));
    defaultWidth = numberOf(lookup(descendant?.get(PDFName.of('DW')))) ?? 1000;
    const w = lookup<PDFArray>(descendant?.get(PDFName.of('W')));
    const items = w?.asArray().map((o) => lookup(o)) ?? [];
    for (let i = 0; i < items.length;) {
      const first = numberOf(items[i]);
      const next = items[i + 1];
      if (first === undefined) break;
      if (next instanceof PDFArray) {
        next.asArray().forEach((o, k) => widthMap.set(first + k, numberOf(lookup(o)) ?? defaultWidth));
        i += 2;
      } else {
        const last = numberOf(next) ?? first;
        const width = numberOf(items[i + 2]) ?? defaultWidth;
        for (let c = first; c <= last && c - first < 0xffff; c++) widthMap.set(c, width);
        i += 3;
      }
    }
  } else {
    const firstChar = numberOf(lookup(dict.get(PDFName.of('FirstChar')))) ?? 0;
    const widths = lookup<PDFArray>(dict.get(PDFName.of('Widths')));
    widths?.asArray().forEach((o, k) => widthMap.set(firstChar + k, numberOf(lookup(o)) ?? defaultWidth));
  }
  return { twoByte, toUnicode, widths: (code) => widthMap.get(code) ?? defaultWidth };
}

type Token = number | string | { name: string } | { str: Uint8Array } | { array: Token[] };

/** Tokens of a content stream; operators are plain strings. */
function* tokens(src: string): Generator<Token> {
  let i = 0;
  const n = src.length;
  const ws = (c: string) => c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '\f' || c === '\0';
  const delim = (c: string) => '()<>[]{}/%'.includes(c);
  const stack: Token[][] = [];
  const emit = function* (t: Token): Generator<Token> {
    if (stack.length > 0) stack[stack.length - 1]!.push(t);
    else yield t;
  };
  while (i < n) {
    const c = src[i]!;
    if (ws(c)) {
      i++;
    } else if (c === '%') {
      while (i < n && src[i] !== '\n' && src[i] !== '\r') i++;
    } else if (c === '[') {
      stack.push([]);
      i++;
    } else if (c === ']') {
      const array = stack.pop() ?? [];
      i++;
      yield* emit({ array });
    } else if (c === '<' && src[i + 1] === '<') {
      i += 2;
      yield* emit('<<');
    } else if (c === '>' && src[i + 1] === '>') {
      i += 2;
      yield* emit('>>');
    } else if (c === '<') {
      const end = src.indexOf('>', i);
      const hex = src.slice(i + 1, end < 0 ? n : end).replace(/[^0-9a-fA-F]/g, '');
      const padded = hex.length % 2 ? `${hex}0` : hex;
      const str = new Uint8Array(padded.length / 2);
      for (let k = 0; k < str.length; k++) str[k] = parseInt(padded.slice(k * 2, k * 2 + 2), 16);
      i = end < 0 ? n : end + 1;
      yield* emit({ str });
    } else if (c === '(') {
      const out: number[] = [];
      let depth = 1;
      i++;
      while (i < n && depth > 0) {
        const ch = src[i]!;
        if (ch === '\\') {
          const e = src[i + 1] ?? '';
          const map: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12 };
          if (e in map) {
            out.push(map[e]!);
            i += 2;
          } else if (/[0-7]/.test(e)) {
            const oct = /^[0-7]{1,3}/.exec(src.slice(i + 1, i + 4))![0];
            out.push(parseInt(oct, 8) & 0xff);
            i += 1 + oct.length;
          } else if (e === '\r' || e === '\n') {
            i += 2;
          } else {
            out.push(e.charCodeAt(0) & 0xff);
            i += 2;
          }
          continue;
        }
        if (ch === '(') depth++;
        if (ch === ')' && --depth === 0) {
          i++;
          break;
        }
        out.push(ch.charCodeAt(0) & 0xff);
        i++;
      }
      yield* emit({ str: Uint8Array.from(out) });
    } else if (c === '/') {
      let j = i + 1;
      while (j < n && !ws(src[j]!) && !delim(src[j]!)) j++;
      yield* emit({ name: src.slice(i + 1, j) });
      i = j;
    } else {
      let j = i;
      while (j < n && !ws(src[j]!) && !delim(src[j]!)) j++;
      if (j === i) j++;
      const word = src.slice(i, j);
      i = j;
      if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) {
        yield* emit(Number(word));
      } else if (word === 'BI') {
        // Inline image: skip its data up to EI.
        const ei = src.slice(i).search(/\sEI(\s|$)/);
        i = ei < 0 ? n : i + ei + 3;
      } else {
        yield* emit(word);
      }
    }
  }
}

/** Text lines of a page, bottom to top, in page space. */
export function pageTextLines(doc: PDFDocument, page: PDFPage): TextLine[] {
  const node = page.node;
  const lookup = (o: PDFObject | undefined) => (o instanceof PDFRef ? doc.context.lookup(o) : o);
  const contents = lookup(node.get(PDFName.of('Contents')));
  const streams = contents instanceof PDFArray ? contents.asArray().map(lookup) : [contents];
  const source = streams.map((s) => latin1.decode(streamBytes(s))).join('\n');
  const resources = node.Resources();
  const fontDict = lookup(resources?.get(PDFName.of('Font')));
  const fonts = new Map<string, FontInfo>();
  const fontNamed = (name: string): FontInfo => {
    let info = fonts.get(name);
    if (!info) {
      const dict = fontDict instanceof PDFDict ? lookup(fontDict.get(PDFName.of(name))) : undefined;
      info =
        dict instanceof PDFDict
          ? fontInfo(doc, dict)
          : { twoByte: false, toUnicode: new Map(), widths: () => 500 };
      fonts.set(name, info);
    }
    return info;
  };

  const runs: Run[] = [];
  const gstack: Matrix[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  let tm: Matrix = [1, 0, 0, 1, 0, 0];
  let tlm: Matrix = [1, 0, 0, 1, 0, 0];
  let font: FontInfo = { twoByte: false, toUnicode: new Map(), widths: () => 500 };
  let size = 12;
  let tc = 0;
  let tw = 0;
  let th = 1;
  let tl = 0;
  let rise = 0;
  const operands: Token[] = [];
  const num = (k: number) => {
    const v = operands[operands.length - k];
    return typeof v === 'number' ? v : 0;
  };

  const show = (items: Token[]) => {
    let text = '';
    const start = mul([1, 0, 0, 1, 0, rise], mul(tm, ctm));
    for (const item of items) {
      if (typeof item === 'number') {
        tm = mul([1, 0, 0, 1, (-item / 1000) * size * th, 0], tm);
        continue;
      }
      if (typeof item !== 'object' || !('str' in item)) continue;
      const bytes = item.str;
      const step = font.twoByte ? 2 : 1;
      for (let k = 0; k + step - 1 < bytes.length; k += step) {
        const code = font.twoByte ? (bytes[k]! << 8) | bytes[k + 1]! : bytes[k]!;
        text += font.toUnicode.get(code) ?? (font.twoByte ? '' : String.fromCharCode(code));
        const advance =
          ((font.widths(code) / 1000) * size + tc + (!font.twoByte && code === 32 ? tw : 0)) * th;
        tm = mul([1, 0, 0, 1, advance, 0], tm);
      }
    }
    const end = mul([1, 0, 0, 1, 0, rise], mul(tm, ctm));
    const [x0, y0] = apply(start, 0, 0);
    const [x1] = apply(end, 0, 0);
    const scaleY = Math.hypot(start[2], start[3]);
    if (text.trim())
      runs.push({ text, x0: Math.min(x0, x1), x1: Math.max(x0, x1), y: y0, size: size * scaleY });
  };

  for (const token of tokens(source)) {
    if (typeof token !== 'string' || token === '<<' || token === '>>') {
      operands.push(token);
      continue;
    }
    switch (token) {
      case 'q':
        gstack.push(ctm);
        break;
      case 'Q':
        ctm = gstack.pop() ?? ctm;
        break;
      case 'cm':
        ctm = mul([num(6), num(5), num(4), num(3), num(2), num(1)], ctm);
        break;
      case 'BT':
        tm = tlm = [1, 0, 0, 1, 0, 0];
        break;
      case 'Tm':
        tm = tlm = [num(6), num(5), num(4), num(3), num(2), num(1)];
        break;
      case 'Td':
        tm = tlm = mul([1, 0, 0, 1, num(2), num(1)], tlm);
        break;
      case 'TD':
        tl = -num(1);
        tm = tlm = mul([1, 0, 0, 1, num(2), num(1)], tlm);
        break;
      case 'T*':
        tm = tlm = mul([1, 0, 0, 1, 0, -tl], tlm);
        break;
      case 'TL':
        tl = num(1);
        break;
      case 'Tc':
        tc = num(1);
        break;
      case 'Tw':
        tw = num(1);
        break;
      case 'Tz':
        th = num(1) / 100;
        break;
      case 'Ts':
        rise = num(1);
        break;
      case 'Tf': {
        const name = operands[operands.length - 2];
        if (name && typeof name === 'object' && 'name' in name) font = fontNamed(name.name);
        size = num(1);
        break;
      }
      case 'Tj':
        show(operands.slice(-1));
        break;
      case "'":
        tm = tlm = mul([1, 0, 0, 1, 0, -tl], tlm);
        show(operands.slice(-1));
        break;
      case '"':
        tw = num(3);
        tc = num(2);
        tm = tlm = mul([1, 0, 0, 1, 0, -tl], tlm);
        show(operands.slice(-1));
        break;
      case 'TJ': {
        const arr = operands[operands.length - 1];
        if (arr && typeof arr === 'object' && 'array' in arr) show(arr.array);
        break;
      }
    }
    operands.length = 0;
  }

  // Runs on one baseline make a line, read left to right.
  runs.sort((a, b) => a.y - b.y || a.x0 - b.x0);
  const groups: Run[][] = [];
  for (const run of runs) {
    const group = groups.find((g) => Math.abs(g[0]!.y - run.y) < 0.35 * Math.max(g[0]!.size, run.size));
    if (group) group.push(run);
    else groups.push([run]);
  }
  const lines: TextLine[] = groups.map((g) => {
    g.sort((a, b) => a.x0 - b.x0);
    return {
      text: g.map((r) => r.text).join(''),
      xMin: Math.min(...g.map((r) => r.x0)),
      xMax: Math.max(...g.map((r) => r.x1)),
      y: g[0]!.y,
      size: Math.max(...g.map((r) => r.size)),
    };
  });
  return lines.sort((a, b) => a.y - b.y);
}
