/**
 * Fuzzing signature verification (verifyPdf): a PDF signed by two offices in turn (PAdES, real
 * test certificates), damaged anywhere, inside the CMS of a signature (hex digits of /Contents
 * changed, so the DER, the certificates, the signed attributes and the signature value are hit), in
 * its /ByteRange, or with bytes appended; random PDF-like text besides.
 *
 * Properties: verifyPdf throws nothing but PdfUpdateError, and that only for bytes that are not a
 * PDF; every signature is reported with its index and byte range; a signature that is not intact
 * says why, and every reason and note renders in zh-CN with no missing key; and a signature is
 * never reported intact unless the bytes of its signed ranges are exactly the original ones (all
 * signatures intact: every signed byte of the document unchanged).
 */
import fc from 'fast-check';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { PdfUpdateError } from '../../shared/sign/errors.ts';
import { signPdf } from '../../shared/sign/sign.ts';
import { verifyPdf, type VerifyResult } from '../../shared/sign/verify.ts';
import { makeTestCerts, type TestCerts } from '../fixtures/certs/make-certs.ts';
import { check, zhText } from '../helpers/fuzz-check.ts';
import { applyByteEdits, byteEditsArb, sameBytesAt } from '../helpers/fuzz-mutate.ts';
import { fuzzParams, testTimeout, type FuzzBudget } from '../helpers/fuzz-run.ts';

const PER_RUN_MS = 20_000;
const latin1 = (bytes: Uint8Array) => Array.from(bytes, (b) => String.fromCharCode(b)).join('');

let certs: TestCerts;
let signed: Uint8Array;
let original: VerifyResult;
/** The signed ranges of each original signature, as [start, length] pairs. */
let ranges: [number, number][][];
/** Where the hex digits of each signature's CMS are (the DER, before the zero padding). */
let holes: { start: number; derEnd: number; end: number }[];

beforeAll(async () => {
  certs = makeTestCerts();
  const doc = await PDFDocument.create();
  const page = doc.addPage([420, 300]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText('Tianbao fuzz: notice of the 2026 results', { x: 30, y: 250, size: 14, font });
  const plain = await doc.save();
  const first = await signPdf(plain, {
    p12: certs.education.p12,
    password: certs.education.password,
    reason: '同意发布',
    location: '长沙',
    cmsSigningTime: true,
  });
  signed = (await signPdf(first.pdf, { p12: certs.finance.p12, password: certs.finance.password })).pdf;
  original = await verifyPdf(signed, { trustAnchors: [certs.caDer] });
  if (!original.allIntact || original.signatures.length !== 2) throw new Error('fixture not intact');
  ranges = original.signatures.map((s) => {
    const [a0, l0, a1, l1] = s.byteRange as [number, number, number, number];
    return [
      [a0, l0],
      [a1, l1],
    ];
  });
  const text = latin1(signed);
  holes = original.signatures.map((s) => {
    const [, l0, a1] = s.byteRange as [number, number, number, number];
    const hex = text.slice(l0 + 1, a1 - 1);
    return { start: l0 + 1, derEnd: l0 + 1 + hex.replace(/(00)+$/, '').length, end: a1 - 1 };
  });
}, 120_000);

async function verifyChecked(bytes: Uint8Array): Promise<void> {
  let result: VerifyResult;
  try {
    result = await verifyPdf(bytes, { trustAnchors: [certs.caDer] });
  } catch (error) {
    check(error instanceof PdfUpdateError, () => `verifyPdf threw ${String(error)}`);
    zhText(error.detail);
    check(!latin1(bytes.subarray(0, 1024)).includes('%PDF-'), () => 'a PDF was refused as not being one');
    return;
  }
  expect(result.fileLength).toBe(bytes.length);
  result.signatures.forEach((s, i) => {
    check(s.index === i + 1, () => `signature ${i + 1} reported as ${s.index}`);
    check(
      s.byteRange.length === 4 && s.byteRange.every(Number.isFinite),
      () => `byte range ${String(s.byteRange)}`,
    );
    if (!s.intact) check(s.problems.length > 0, () => `signature ${s.index} not intact, and no reason given`);
    for (const m of [...s.problems, ...s.notes]) zhText(m);
    if (s.intact) {
      // Intact means: these bytes are the signed ones. Find which original signature it is.
      const which = original.signatures.findIndex((o) => o.byteRange.join() === s.byteRange.join());
      check(
        which >= 0,
        () => `signature ${s.index} intact over a byte range nobody signed: ${String(s.byteRange)}`,
      );
      check(
        sameBytesAt(signed, bytes, ranges[which]!),
        () => `signature ${s.index} reported intact over changed bytes`,
      );
    }
  });
  if (result.allIntact) {
    check(
      ranges.every((r) => sameBytesAt(signed, bytes, r)),
      () => 'all signatures intact, yet signed bytes changed',
    );
  }
}

// ─── Targeted damage ────────────────────────────────────────────────────────────────────────────

const HEX = '0123456789abcdefABCDEF';

/** Hex digits of a signature's CMS changed: still a well-formed /Contents, a different DER. */
const cmsEditArb = fc.record({
  signature: fc.nat({ max: 1 }),
  digits: fc.array(fc.tuple(fc.nat(), fc.constantFrom(...HEX.split(''))), { minLength: 1, maxLength: 6 }),
  padding: fc.boolean(),
});

function editCms(e: { signature: number; digits: [number, string][]; padding: boolean }): Uint8Array {
  const out = signed.slice();
  const hole = holes[e.signature]!;
  // Mostly in the DER itself; sometimes in the zero padding after it.
  const [from, to] = e.padding ? [hole.derEnd, hole.end] : [hole.start, hole.derEnd];
  for (const [at, digit] of e.digits) out[from + (at % (to - from))] = digit.charCodeAt(0);
  return out;
}

/** A number of a /ByteRange moved a little, or replaced (same or other length). */
const byteRangeEditArb = fc.record({
  signature: fc.nat({ max: 1 }),
  which: fc.nat({ max: 3 }),
  value: fc.oneof(
    fc.integer({ min: -3, max: 3 }).map((delta) => ({ delta })),
    fc.nat().map((n) => ({ text: String(n) })),
    fc.constantFrom('0', '1', '999999999999', '99999999999999999999').map((text) => ({ text })),
  ),
});

function editByteRange(e: {
  signature: number;
  which: number;
  value: { delta: number } | { text: string };
}): Uint8Array {
  const text = latin1(signed);
  const all = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const m = all[e.signature % all.length]!;
  const numbers = m.slice(1, 5);
  const old = numbers[e.which]!;
  numbers[e.which] = 'delta' in e.value ? String(Math.max(0, Number(old) + e.value.delta)) : e.value.text;
  const replaced = `/ByteRange [${numbers.join(' ')}]`;
  const edited = text.slice(0, m.index) + replaced + text.slice(m.index + m[0].length);
  return Uint8Array.from(edited, (c) => c.charCodeAt(0));
}

/** Bytes after the end: an incremental update, junk, or another signature dictionary's text. */
const appendArb = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 64 }),
  fc
    .constantFrom(
      '\n%%EOF\n',
      '\n1 0 obj\n<< /Type /Annot >>\nendobj\n%%EOF\n',
      '\n<< /ByteRange [0 10 20 30] /Contents <3082> >>\n',
      '\n<< /ByteRange [0 1 2 3] /Contents <> /M (D:2026) /Reason (\\376\\377) >>\n',
    )
    .map((s) => Uint8Array.from(s, (c) => c.charCodeAt(0))),
);

/** Text that looks enough like a PDF with signatures to get past the first checks. */
const pdfLikeArb = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '%PDF-1.7\n',
        '1 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached ',
        '/ByteRange [0 100 200 50] ',
        '/ByteRange [0 0 0 0] ',
        '/ByteRange [ 0 99999999999 1 1 ] ',
        '/Contents <308006092a864886f70d010702a0803080020101> ',
        '/Contents <zz> ',
        "/M (D:20261220080000+08'00') ",
        '/Name (\\346\\271\\226) /Reason <FEFF6E56> ',
        '/Reason (unterminated ',
        '/V 1 0 R /T (Signature1) ',
        '>>\nendobj\n',
        '/TianbaoStampSha256 (0000000000000000000000000000000000000000000000000000000000000000)',
        '%%EOF\n',
      ),
      fc.string({ maxLength: 20 }),
    ),
    { maxLength: 20 },
  )
  .map((parts) => Uint8Array.from(parts.join(''), (c) => c.charCodeAt(0) & 0xff));

// ─── Properties ─────────────────────────────────────────────────────────────────────────────────

const BYTES: FuzzBudget = { runs: 80, budgetMs: 4000, perRunMs: PER_RUN_MS };
const CMS: FuzzBudget = { runs: 80, budgetMs: 4000, perRunMs: PER_RUN_MS };
const RANGES: FuzzBudget = { runs: 40, budgetMs: 2500, perRunMs: PER_RUN_MS };
const RANDOM: FuzzBudget = { runs: 200, budgetMs: 1500, perRunMs: PER_RUN_MS };

describe('fuzz: verifying signed PDFs', () => {
  it(
    'bytes flipped, inserted, deleted, repeated or cut anywhere, or appended: never intact over changed bytes',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            byteEditsArb.map((edits) => ({ edits })),
            appendArb.map((tail) => ({ tail })),
          ),
          (m) =>
            verifyChecked(
              'edits' in m ? applyByteEdits(signed, m.edits) : Uint8Array.from([...signed, ...m.tail]),
            ),
        ),
        fuzzParams(BYTES),
      );
    },
    testTimeout(BYTES),
  );

  it(
    'hex digits of a signature’s CMS changed: a reason for every broken signature, nothing thrown',
    async () => {
      await fc.assert(
        fc.asyncProperty(cmsEditArb, (e) => verifyChecked(editCms(e))),
        fuzzParams(CMS),
      );
    },
    testTimeout(CMS),
  );

  it(
    'a /ByteRange number changed: never intact over a range nobody signed',
    async () => {
      await fc.assert(
        fc.asyncProperty(byteRangeEditArb, (e) => verifyChecked(editByteRange(e))),
        fuzzParams(RANGES),
      );
    },
    testTimeout(RANGES),
  );

  it(
    'random bytes and PDF-like text with signature dictionaries: reported or refused, never thrown',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 400 }), pdfLikeArb), (bytes) =>
          verifyChecked(bytes),
        ),
        fuzzParams(RANDOM),
      );
    },
    testTimeout(RANDOM),
  );
});
