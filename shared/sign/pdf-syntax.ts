/**
 * Just enough PDF syntax to read a signature dictionary straight from the file's bytes: strings
 * (literal and hex, text strings in UTF-16BE, UTF-8 or PDFDocEncoding), names and dates.
 */

/** Reads a literal `( … )` or hex `< … >` string starting at `at`; returns its bytes. */
export function readPdfString(text: string, at: number): { bytes: Uint8Array; end: number } | undefined {
  let i = at;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  if (text[i] === '<' && text[i + 1] !== '<') {
    const close = text.indexOf('>', i);
    if (close < 0) return undefined;
    let hex = text.slice(i + 1, close).replace(/\s+/g, '');
    if (hex.length % 2 === 1) hex += '0';
    const bytes = new Uint8Array(hex.length / 2);
    for (let k = 0; k < bytes.length; k++) bytes[k] = parseInt(hex.slice(k * 2, k * 2 + 2), 16);
    return { bytes, end: close + 1 };
  }
  if (text[i] !== '(') return undefined;
  const out: number[] = [];
  let depth = 1;
  i++;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') {
      const n = text[i + 1] ?? '';
      const escapes: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };
      if (n in escapes) {
        out.push(escapes[n]!);
        i += 2;
      } else if (/[0-7]/.test(n)) {
        const m = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4))![0];
        out.push(parseInt(m, 8) & 0xff);
        i += 1 + m.length;
      } else if (n === '\r' || n === '\n') {
        i += n === '\r' && text[i + 2] === '\n' ? 3 : 2;
      } else {
        i += 1;
      }
      continue;
    }
    if (c === '(') depth++;
    if (c === ')' && --depth === 0) return { bytes: Uint8Array.from(out), end: i + 1 };
    out.push(c.charCodeAt(0) & 0xff);
    i++;
  }
  return undefined;
}

/** A PDF text string: UTF-16BE or UTF-8 with their byte-order marks, else PDFDocEncoding (~latin1). */
export function decodeTextString(bytes: Uint8Array): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    let s = '';
    for (let i = 2; i + 1 < bytes.length; i += 2) s += String.fromCharCode((bytes[i]! << 8) | bytes[i + 1]!);
    return s;
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  }
  return String.fromCharCode(...bytes);
}

/** The value of `/Key` in a dictionary's text as a text string. */
export function dictTextValue(dict: string, key: string): string | undefined {
  const m = new RegExp(`/${key}(?=[\\s(<])`).exec(dict);
  if (!m) return undefined;
  const s = readPdfString(dict, m.index + m[0].length);
  return s ? decodeTextString(s.bytes) : undefined;
}

/** The value of `/Key /Name` in a dictionary's text, with #xx escapes decoded. */
export function dictNameValue(dict: string, key: string): string | undefined {
  const m = new RegExp(`/${key}\\s*/([^\\s/<>\\[\\]()]+)`).exec(dict);
  return m
    ? m[1]!.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    : undefined;
}

/** Parses a PDF date `D:YYYYMMDDHHmmSS+HH'mm'` (later parts optional). */
export function parsePdfDate(value: string): Date | undefined {
  const m = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz+-])(\d{2})?'?(\d{2})?'?)?/.exec(
    value.trim(),
  );
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, oh = '00', om = '00'] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const offset = (Number(oh) * 60 + Number(om)) * 60_000;
  if (sign === '+') return new Date(utc - offset);
  if (sign === '-') return new Date(utc + offset);
  return new Date(utc);
}

/** A time as `YYYY-MM-DD HH:mm` in Beijing time (UTC+8, no daylight saving), for messages. */
export function beijingTime(date: Date): string {
  const t = new Date(date.getTime() + 8 * 3600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}
