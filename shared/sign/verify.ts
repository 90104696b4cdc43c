/**
 * Verifies the signatures of a PDF from its bytes alone. Pure TypeScript (pkijs over Web
 * Crypto): runs in Node, the renderer or a worker, and needs no key.
 *
 * For each signature dictionary (found by its /ByteRange) it reports the signer, the claimed
 * signing time, the SubFilter, whether the byte range is well formed and covers the whole file but
 * the /Contents hole, whether the signed bytes still match the message digest, whether the CMS
 * signature over the signed attributes holds, the ESS signing-certificate binding, the
 * certificate's validity at the signing time, and its trust (self-signed and unknown issuers are
 * reported as such, not as broken).
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { msg, type Message } from '../i18n/message.ts';
import { HASH_NAMES, OID, digest, essCertHash } from './cms.ts';
import { PdfUpdateError } from './errors.ts';
import { bytesToLatin1, isPdf } from './incremental.ts';
import { dictNameValue, dictTextValue, parsePdfDate } from './pdf-syntax.ts';
import {
  certificateDer,
  parseCertificate,
  summarize,
  trustOf,
  validAt,
  type CertificateSummary,
  type TrustStatus,
} from './x509.ts';

export interface SignatureReport {
  /** 1-based, in file order. */
  index: number;
  fieldName?: string;
  filter?: string;
  subFilter?: string;
  signer?: CertificateSummary;
  /** ISO time: the CMS signing-time attribute when present, else the dictionary's /M. */
  signingTime?: string;
  signingTimeSource: 'cms' | 'dictionary' | 'none';
  name?: string;
  reason?: string;
  location?: string;
  contactInfo?: string;
  byteRange: number[];
  /** [0, a, b, c] with the hole a…b exactly the /Contents hex string, inside the file. */
  byteRangeValid: boolean;
  /** The ranges reach the end of the file: nothing was added after signing. */
  coversWholeFile: boolean;
  /** Bytes after this signature's ranges are all covered by a later intact signature. */
  coveredByLaterSignature: boolean;
  /** Bytes after the signed ranges that no signature covers. */
  unsignedTrailingBytes: number;
  digestAlgorithm?: string;
  /** The signed bytes hash to the message-digest attribute: not changed since signing. */
  digestMatches: boolean;
  /** The CMS signature over the signed attributes verifies with the signer's public key. */
  signatureValid: boolean;
  attributes: {
    contentType: boolean;
    messageDigest: boolean;
    signingCertificateV2: boolean;
    signingTime: boolean;
  };
  /** The ESS signing-certificate(-v2) hash names the signer certificate; null when absent. */
  signingCertificateMatches: boolean | null;
  /** Certificate valid at the signing time; null when no time is known. */
  certificateValidAtSigningTime: boolean | null;
  trust: TrustStatus;
  /** Cryptographically intact and nothing unsigned added afterwards. */
  intact: boolean;
  /** Why the signature is not intact. */
  problems: Message[];
  /** Facts that do not break the signature (self-signed, untrusted root, validity …). */
  notes: Message[];
}

export interface VerifyResult {
  fileLength: number;
  signatures: SignatureReport[];
  /** Every signature intact, and at least one. */
  allIntact: boolean;
  /** The hash recorded by stamping (QR code), checked against the file's earlier revisions. */
  stamp?: { sha256: string; matchesRevision: boolean };
}

export interface VerifyOptions {
  /** DER certificates trusted as roots (e.g. the province's CA). */
  trustAnchors?: Uint8Array[];
}

interface FoundSignature {
  byteRange: number[];
  dict: string;
  objectNumber?: number;
}

/** Signature dictionaries found in the raw bytes, in file order. */
function findSignatures(text: string): FoundSignature[] {
  const found: FoundSignature[] = [];
  const re = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = text.lastIndexOf(' obj', m.index);
    const objHead = start >= 0 ? /(\d+)\s+\d+\s*$/.exec(text.slice(Math.max(0, start - 24), start)) : null;
    const end = text.indexOf('endobj', m.index);
    const dict = text.slice(start >= 0 ? start : m.index, end >= 0 ? end : m.index + 200);
    found.push({
      byteRange: m.slice(1, 5).map(Number),
      dict,
      ...(objHead ? { objectNumber: Number(objHead[1]) } : {}),
    });
  }
  return found;
}

/** The /T of the field whose /V references the signature object. */
function fieldNameOf(text: string, objectNumber: number | undefined): string | undefined {
  if (objectNumber === undefined) return undefined;
  const re = new RegExp(`/V\\s+${objectNumber}\\s+0\\s+R`, 'g');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = text.lastIndexOf('<<', m.index);
    const end = text.indexOf('>>', m.index);
    const name = dictTextValue(text.slice(start, end), 'T');
    if (name !== undefined) return name;
  }
  return undefined;
}

function hexToBytes(hex: string): Uint8Array {
  const clean = hex.replace(/[^0-9a-fA-F]/g, '');
  const out = new Uint8Array(Math.floor(clean.length / 2));
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function attribute(info: pkijs.SignerInfo, oid: string): asn1js.AsnType | undefined {
  return info.signedAttrs?.attributes.find((a) => a.type === oid)?.values[0];
}

function signerCertificate(signed: pkijs.SignedData, info: pkijs.SignerInfo): pkijs.Certificate | undefined {
  const certs = (signed.certificates ?? []).filter(
    (c): c is pkijs.Certificate => c instanceof pkijs.Certificate,
  );
  const sid = info.sid as pkijs.IssuerAndSerialNumber | asn1js.Constructed;
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return certs.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber));
  }
  // [0] SubjectKeyIdentifier
  const ski = (sid as asn1js.Constructed).valueBlock?.value?.[0] as asn1js.OctetString | undefined;
  const wanted =
    ski?.valueBlock?.valueHexView ?? (sid as unknown as asn1js.Primitive).valueBlock?.valueHexView;
  return certs.find((c) => {
    const ext = c.extensions?.find((e) => e.extnID === '2.5.29.14');
    const value = (ext?.parsedValue as asn1js.OctetString | undefined)?.valueBlock.valueHexView;
    return value && wanted ? equal(value, wanted) : false;
  });
}

async function verifyOne(
  bytes: Uint8Array,
  text: string,
  found: FoundSignature,
  index: number,
  anchors: pkijs.Certificate[],
): Promise<SignatureReport> {
  const [a0 = -1, l0 = -1, a1 = -1, l1 = -1] = found.byteRange;
  const problems: Message[] = [];
  const notes: Message[] = [];
  const filter = dictNameValue(found.dict, 'Filter');
  const subFilter = dictNameValue(found.dict, 'SubFilter');
  const m = dictTextValue(found.dict, 'M');
  const name = dictTextValue(found.dict, 'Name');
  const reason = dictTextValue(found.dict, 'Reason');
  const location = dictTextValue(found.dict, 'Location');
  const contactInfo = dictTextValue(found.dict, 'ContactInfo');
  const fieldName = fieldNameOf(text, found.objectNumber);

  const inFile = a1 + l1 <= bytes.length;
  const hole = a1 > l0 ? text.slice(l0, a1) : '';
  const byteRangeValid =
    found.byteRange.length === 4 &&
    a0 === 0 &&
    l0 > 0 &&
    a1 > l0 &&
    l1 >= 0 &&
    inFile &&
    /^<[0-9a-fA-F\s]*>$/.test(hole);
  const coversWholeFile = byteRangeValid && a1 + l1 === bytes.length;

  const report: SignatureReport = {
    index,
    ...(fieldName === undefined ? {} : { fieldName }),
    ...(filter === undefined ? {} : { filter }),
    ...(subFilter === undefined ? {} : { subFilter }),
    signingTimeSource: 'none',
    ...(name === undefined ? {} : { name }),
    ...(reason === undefined ? {} : { reason }),
    ...(location === undefined ? {} : { location }),
    ...(contactInfo === undefined ? {} : { contactInfo }),
    byteRange: found.byteRange,
    byteRangeValid,
    coversWholeFile,
    coveredByLaterSignature: false,
    unsignedTrailingBytes: byteRangeValid ? Math.max(0, bytes.length - (a1 + l1)) : 0,
    digestMatches: false,
    signatureValid: false,
    attributes: { contentType: false, messageDigest: false, signingCertificateV2: false, signingTime: false },
    signingCertificateMatches: null,
    certificateValidAtSigningTime: null,
    trust: 'unknown-issuer',
    intact: false,
    problems,
    notes,
  };
  if (!byteRangeValid) {
    problems.push(msg(inFile ? 'seal:verify.problem.byteRange' : 'seal:verify.problem.truncated'));
    return report;
  }

  let signed: pkijs.SignedData;
  try {
    const asn1 = asn1js.fromBER(hexToBytes(hole));
    if (asn1.offset === -1) throw new Error(asn1.result.error);
    const info = new pkijs.ContentInfo({ schema: asn1.result });
    if (info.contentType !== OID.signedData) throw new Error(info.contentType);
    signed = new pkijs.SignedData({ schema: info.content });
  } catch {
    problems.push(msg('seal:verify.problem.cms'));
    return report;
  }
  const info = signed.signerInfos[0];
  const cert = info ? signerCertificate(signed, info) : undefined;
  if (!info || !cert) {
    problems.push(msg('seal:verify.problem.noSigner'));
    return report;
  }
  report.signer = summarize(cert);

  const hashName = HASH_NAMES[info.digestAlgorithm.algorithmId];
  if (!hashName) {
    problems.push(msg('seal:verify.problem.algorithm', { algorithm: info.digestAlgorithm.algorithmId }));
    return report;
  }
  report.digestAlgorithm = hashName;
  const ranges = [bytes.subarray(a0, a0 + l0), bytes.subarray(a1, a1 + l1)];
  const documentDigest = await digest(hashName, ranges);

  const contentType = attribute(info, OID.contentType);
  const messageDigest = attribute(info, OID.messageDigest) as asn1js.OctetString | undefined;
  const essV2 = attribute(info, OID.signingCertificateV2);
  const essV1 = attribute(info, OID.signingCertificate);
  const cmsTime = attribute(info, OID.signingTime) as asn1js.UTCTime | asn1js.GeneralizedTime | undefined;
  report.attributes = {
    contentType: contentType !== undefined,
    messageDigest: messageDigest !== undefined,
    signingCertificateV2: essV2 !== undefined,
    signingTime: cmsTime !== undefined,
  };

  const engine = pkijs.getCrypto(true);
  let signedData: Uint8Array;
  if (info.signedAttrs) {
    report.digestMatches = !!messageDigest && equal(messageDigest.valueBlock.valueHexView, documentDigest);
    signedData = new Uint8Array(info.signedAttrs.encodedValue);
  } else {
    // No signed attributes: the signature is over the content itself.
    const total = l0 + l1;
    signedData = new Uint8Array(total);
    signedData.set(ranges[0]!, 0);
    signedData.set(ranges[1]!, l0);
  }
  try {
    report.signatureValid = await engine.verifyWithPublicKey(
      signedData as BufferSource,
      info.signature,
      cert.subjectPublicKeyInfo,
      info.signatureAlgorithm,
      hashName,
    );
  } catch {
    report.signatureValid = false;
  }
  if (!info.signedAttrs) report.digestMatches = report.signatureValid;

  if (essV2 || essV1) {
    const ess = essCertHash(essV2 ?? essV1!, !!essV2);
    const certHash = ess
      ? await digest(ess.algorithm, [certificateDer(cert)]).catch(() => undefined)
      : undefined;
    report.signingCertificateMatches = !!ess && !!certHash && equal(ess.hash, certHash);
  }

  const time = cmsTime ? cmsTime.toDate() : m ? parsePdfDate(m) : undefined;
  if (time && !Number.isNaN(time.getTime())) {
    report.signingTime = time.toISOString();
    report.signingTimeSource = cmsTime ? 'cms' : 'dictionary';
    report.certificateValidAtSigningTime = validAt(cert, time);
  }

  const pool = (signed.certificates ?? []).filter(
    (c): c is pkijs.Certificate => c instanceof pkijs.Certificate,
  );
  report.trust = (await trustOf(cert, pool, anchors)).status;

  if (!report.digestMatches) problems.push(msg('seal:verify.problem.digest'));
  if (!report.signatureValid) problems.push(msg('seal:verify.problem.signature'));
  if (report.signingCertificateMatches === false)
    problems.push(msg('seal:verify.problem.signingCertificate'));
  if (report.certificateValidAtSigningTime === false) {
    notes.push(
      msg('seal:verify.note.certificateNotValid', {
        notBefore: report.signer.notBefore.slice(0, 10),
        notAfter: report.signer.notAfter.slice(0, 10),
      }),
    );
  }
  if (subFilter !== 'ETSI.CAdES.detached')
    notes.push(msg('seal:verify.note.notPades', { subFilter: subFilter ?? '' }));
  notes.push(msg(`seal:verify.trust.${report.trust}`));
  return report;
}

/** Finds the SHA-256 recorded by stamping and whether some earlier revision of the file has it. */
async function stampCheck(bytes: Uint8Array, text: string): Promise<VerifyResult['stamp']> {
  const m = /\/TianbaoStampSha256\s*\(([0-9a-f]{64})\)/.exec(text);
  if (!m) return undefined;
  const sha256 = m[1]!;
  for (let at = text.indexOf('%%EOF'); at >= 0; at = text.indexOf('%%EOF', at + 5)) {
    for (const end of [at + 5, at + 6, at + 7]) {
      if (end > bytes.length) continue;
      const hash = await digest('SHA-256', [bytes.subarray(0, end)]);
      const hex = Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('');
      if (hex === sha256) return { sha256, matchesRevision: true };
    }
  }
  return { sha256, matchesRevision: false };
}

/**
 * Verifies every signature of the PDF. Throws PdfUpdateError when the bytes are not a PDF; a PDF
 * without signatures gives an empty list.
 */
export async function verifyPdf(bytes: Uint8Array, options: VerifyOptions = {}): Promise<VerifyResult> {
  if (!isPdf(bytes)) throw new PdfUpdateError(msg('seal:error.notPdf'));
  const text = bytesToLatin1(bytes);
  const anchors = (options.trustAnchors ?? []).map(parseCertificate);
  const found = findSignatures(text);
  const signatures: SignatureReport[] = [];
  for (const [i, f] of found.entries()) signatures.push(await verifyOne(bytes, text, f, i + 1, anchors));

  // A signature that does not reach the end of the file is fine when a later intact signature
  // covers everything after it (a second signer); otherwise the added bytes are a modification.
  for (const s of signatures) {
    if (!s.byteRangeValid || s.coversWholeFile) continue;
    const end = s.byteRange[2]! + s.byteRange[3]!;
    const later = signatures.find(
      (o) => o !== s && o.coversWholeFile && o.digestMatches && o.signatureValid && o.byteRange[2]! > end,
    );
    if (later) {
      s.coveredByLaterSignature = true;
      s.unsignedTrailingBytes = 0;
      s.notes.push(msg('seal:verify.note.laterSignature', { index: later.index }));
    } else {
      s.problems.push(msg('seal:verify.problem.appended', { bytes: s.unsignedTrailingBytes }));
    }
  }
  for (const s of signatures) {
    s.intact =
      s.byteRangeValid &&
      s.digestMatches &&
      s.signatureValid &&
      s.signingCertificateMatches !== false &&
      (s.coversWholeFile || s.coveredByLaterSignature);
  }
  const stamp = await stampCheck(bytes, text);
  return {
    fileLength: bytes.length,
    signatures,
    allIntact: signatures.length > 0 && signatures.every((s) => s.intact),
    ...(stamp ? { stamp } : {}),
  };
}
