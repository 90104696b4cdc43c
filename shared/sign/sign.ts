/**
 * PAdES baseline signing of a PDF with a PKCS#12 identity. KEY MATERIAL: this module opens the
 * private key, so it is imported only by the CLI and the Electron main process — never by the
 * renderer or its workers (verification lives in ./verify.ts, which needs no key).
 *
 * The signature is appended as an incremental update: the bytes signed before (and any earlier
 * signature) stay as they are. Its dictionary has /Filter /Adobe.PPKLite,
 * /SubFilter /ETSI.CAdES.detached, /ByteRange covering the whole file but the /Contents hole, /M
 * (the claimed signing time) and the given /Name, /Reason, /Location, /ContactInfo; /Contents
 * holds a CAdES detached CMS (see ./cms.ts).
 */
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFString, type PDFRef } from 'pdf-lib';
import { msg } from '../i18n/message.ts';
import { buildCadesSignedData, digest } from './cms.ts';
import { SignError } from './errors.ts';
import { bytesToLatin1, loadForUpdate, saveIncremental } from './incremental.ts';
import { openP12 } from './p12.ts';
import { beijingTime } from './pdf-syntax.ts';
import { nameAttribute } from './x509.ts';

export interface SignOptions {
  p12: Uint8Array;
  password: string;
  /** Why the document is signed, e.g. 同意发布. */
  reason?: string;
  /** Where, e.g. 长沙. */
  location?: string;
  /** Name of the signer as shown by viewers; defaults to the certificate's CN. */
  name?: string;
  contactInfo?: string;
  /** The claimed signing time (the /M entry); now by default. */
  signingTime?: Date;
  /** Page that carries the (invisible) signature widget; the last by default. */
  page?: number | 'last';
  /** Also put the time in a CMS signing-time attribute (not PAdES baseline; off by default). */
  cmsSigningTime?: boolean;
  /** Bytes reserved for the CMS; grown automatically when too small. */
  reserve?: number;
}

export interface SignResult {
  pdf: Uint8Array;
  fieldName: string;
  byteRange: [number, number, number, number];
  signer: { commonName?: string; organization?: string };
}

const PLACEHOLDER = '**********';
const DEFAULT_RESERVE = 16384;

function pdfDate(date: Date): string {
  const iso = date.toISOString();
  return `D:${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

function fieldNames(fields: PDFArray | undefined, lookup: (r: unknown) => unknown): Set<string> {
  const names = new Set<string>();
  for (const item of fields?.asArray() ?? []) {
    const field = lookup(item);
    if (field instanceof PDFDict) {
      const t = field.lookup(PDFName.of('T'));
      if (t instanceof PDFString || t instanceof PDFHexString) names.add(t.decodeText());
    }
  }
  return names;
}

/**
 * Signs the PDF. Refuses with a translatable message: a wrong password, a file without private
 * key, a certificate outside its validity period at the signing time (both dates named), a PDF
 * that is not one or is encrypted.
 */
export async function signPdf(pdfBytes: Uint8Array, options: SignOptions): Promise<SignResult> {
  const identity = await openP12(options.p12, options.password);
  const time = options.signingTime ?? new Date();
  const notBefore = identity.signer.notBefore.value;
  const notAfter = identity.signer.notAfter.value;
  const dates = {
    notBefore: beijingTime(notBefore),
    notAfter: beijingTime(notAfter),
    now: beijingTime(time),
  };
  if (time.getTime() > notAfter.getTime()) throw new SignError(msg('seal:sign.expired', dates));
  if (time.getTime() < notBefore.getTime()) throw new SignError(msg('seal:sign.notYetValid', dates));

  const commonName = nameAttribute(identity.signer.subject, 'CN');
  const organization = nameAttribute(identity.signer.subject, 'O');

  let reserve = options.reserve ?? DEFAULT_RESERVE;
  for (let attempt = 0; attempt < 3; attempt++) {
    const prepared = await prepare(pdfBytes, options, time, reserve, commonName);
    const { bytes, contentsStart, contentsEnd } = prepared;
    const documentDigest = await digest('SHA-256', [
      bytes.subarray(0, contentsStart),
      bytes.subarray(contentsEnd),
    ]);
    const cms = await buildCadesSignedData({
      documentDigest,
      signer: identity.signer,
      chain: identity.chain,
      privateKey: identity.privateKey,
      ...(options.cmsSigningTime ? { signingTime: time } : {}),
    });
    if (cms.length > reserve) {
      reserve = cms.length + 4096;
      continue;
    }
    let hex = '';
    for (const b of cms) hex += b.toString(16).padStart(2, '0');
    const out = bytes.slice();
    out.set(new TextEncoder().encode(hex), contentsStart + 1);
    return {
      pdf: out,
      fieldName: prepared.fieldName,
      byteRange: prepared.byteRange,
      signer: {
        ...(commonName === undefined ? {} : { commonName }),
        ...(organization === undefined ? {} : { organization }),
      },
    };
  }
  throw new SignError(msg('seal:sign.tooLarge'));
}

/** The file with the signature dictionary, its /ByteRange filled in and /Contents still zeros. */
async function prepare(
  pdfBytes: Uint8Array,
  options: SignOptions,
  time: Date,
  reserve: number,
  commonName: string | undefined,
): Promise<{
  bytes: Uint8Array;
  contentsStart: number;
  contentsEnd: number;
  fieldName: string;
  byteRange: [number, number, number, number];
}> {
  const update = await loadForUpdate(pdfBytes);
  const { doc } = update;
  const ctx = doc.context;
  const pages = doc.getPages();
  if (pages.length === 0) throw new SignError(msg('seal:error.noPages'));
  const pageIndex =
    options.page === undefined || options.page === 'last' ? pages.length - 1 : options.page - 1;
  const page = pages[pageIndex];
  if (!page)
    throw new SignError(msg('seal:error.noSuchPage', { page: String(options.page), count: pages.length }));

  const text = (s: string | undefined) => (s ? PDFHexString.fromText(s) : undefined);
  const sig = ctx.obj({
    Type: 'Sig',
    Filter: 'Adobe.PPKLite',
    SubFilter: 'ETSI.CAdES.detached',
    ByteRange: [0, PDFName.of(PLACEHOLDER), PDFName.of(PLACEHOLDER), PDFName.of(PLACEHOLDER)],
    Contents: PDFHexString.of('0'.repeat(reserve * 2)),
    M: PDFString.of(pdfDate(time)),
  });
  const entries: [string, string | undefined][] = [
    ['Name', options.name ?? commonName],
    ['Reason', options.reason],
    ['Location', options.location],
    ['ContactInfo', options.contactInfo],
  ];
  for (const [key, value] of entries) {
    const v = text(value);
    if (v) sig.set(PDFName.of(key), v);
  }
  sig.set(PDFName.of('Prop_Build'), ctx.obj({ App: { Name: 'Tianbao' } }));
  const sigRef = ctx.register(sig);

  const acroForm = doc.catalog.getOrCreateAcroForm();
  const existing = fieldNames(acroForm.dict.lookup(PDFName.of('Fields')) as PDFArray | undefined, (r) =>
    ctx.lookup(r as PDFRef),
  );
  let n = 1;
  while (existing.has(`Signature${n}`)) n++;
  const fieldName = `Signature${n}`;

  const widget = ctx.obj({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    Rect: [0, 0, 0, 0],
    V: sigRef,
    T: PDFString.of(fieldName),
    F: 132,
    P: page.ref,
  });
  const widgetRef = ctx.register(widget);
  // Annots is extended in place (without pdf-lib's page normalisation, which would rewrite contents).
  const annots = page.node.lookup(PDFName.of('Annots'));
  if (annots instanceof PDFArray) annots.push(widgetRef);
  else page.node.set(PDFName.of('Annots'), ctx.obj([widgetRef]));
  acroForm.addField(widgetRef);
  acroForm.dict.set(PDFName.of('SigFlags'), PDFNumber.of(3));

  const { bytes, offsets } = await saveIncremental(update);
  const sigAt = offsets.get(`${sigRef.objectNumber} ${sigRef.generationNumber}`)!;
  const region = bytesToLatin1(bytes.subarray(sigAt, sigAt + reserve * 2 + 4096));
  const rangeMatch = /\/ByteRange\s*\[\s*0\s+\/\*{10}\s+\/\*{10}\s+\/\*{10}\s*\]/.exec(region);
  const contentsIndex = region.indexOf(`<${'0'.repeat(reserve * 2)}>`);
  if (!rangeMatch || contentsIndex < 0) throw new Error('signature placeholder not found');
  const contentsStart = sigAt + contentsIndex;
  const contentsEnd = contentsStart + reserve * 2 + 2;
  const byteRange: [number, number, number, number] = [
    0,
    contentsStart,
    contentsEnd,
    bytes.length - contentsEnd,
  ];
  const rangeText = `/ByteRange [${byteRange.join(' ')}]`.padEnd(rangeMatch[0].length, ' ');
  if (rangeText.length !== rangeMatch[0].length) throw new Error('byte range does not fit');
  bytes.set(new TextEncoder().encode(rangeText), sigAt + rangeMatch.index);
  return { bytes, contentsStart, contentsEnd, fieldName, byteRange };
}
