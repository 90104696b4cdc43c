/**
 * CAdES detached CMS SignedData for PAdES baseline signatures (ETSI EN 319 142-1, ETSI EN 319
 * 122-1): signed attributes content-type, message-digest and ESS signing-certificate-v2; the
 * claimed signing time goes in the signature dictionary's /M, where PAdES wants it (the CMS
 * signing-time attribute is only added on request, for validators that insist on it).
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { certificateDer } from './x509.ts';

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
} as const;

export const HASH_NAMES: Record<string, string> = {
  [OID.sha1]: 'SHA-1',
  [OID.sha256]: 'SHA-256',
  [OID.sha384]: 'SHA-384',
  [OID.sha512]: 'SHA-512',
};

export async function digest(algorithm: string, parts: Uint8Array[]): Promise<Uint8Array> {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const data = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    data.set(p, at);
    at += p.length;
  }
  return new Uint8Array(await globalThis.crypto.subtle.digest(algorithm, data));
}

/** SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 } with SHA-256 (the default). */
function signingCertificateV2(cert: pkijs.Certificate, certHash: Uint8Array): asn1js.Sequence {
  const issuerSerial = new asn1js.Sequence({
    value: [
      // GeneralNames: one directoryName [4].
      new asn1js.Sequence({
        value: [
          new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [cert.issuer.toSchema()] }),
        ],
      }),
      new asn1js.Integer({ valueHex: cert.serialNumber.valueBlock.valueHexView }),
    ],
  });
  const essCertIdV2 = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: certHash }), issuerSerial],
  });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

export interface CadesInput {
  /** SHA-256 of the signed byte ranges. */
  documentDigest: Uint8Array;
  signer: pkijs.Certificate;
  /** Further certificates of the chain (intermediates, root) to include. */
  chain: pkijs.Certificate[];
  privateKey: CryptoKey;
  /** Adds the CMS signing-time attribute (not part of PAdES baseline; see the module comment). */
  signingTime?: Date;
}

/** DER of a ContentInfo holding the detached SignedData. */
export async function buildCadesSignedData(input: CadesInput): Promise<Uint8Array> {
  const { signer } = input;
  const certHash = await digest('SHA-256', [certificateDer(signer)]);
  const attributes = [
    new pkijs.Attribute({
      type: OID.contentType,
      values: [new asn1js.ObjectIdentifier({ value: OID.data })],
    }),
    new pkijs.Attribute({
      type: OID.messageDigest,
      values: [new asn1js.OctetString({ valueHex: input.documentDigest })],
    }),
    new pkijs.Attribute({ type: OID.signingCertificateV2, values: [signingCertificateV2(signer, certHash)] }),
  ];
  if (input.signingTime) {
    attributes.push(
      new pkijs.Attribute({
        type: OID.signingTime,
        values: [new asn1js.UTCTime({ valueDate: input.signingTime })],
      }),
    );
  }
  // DER orders a SET OF by the encodings of its elements.
  const encoded = attributes.map((a) => ({ a, der: new Uint8Array(a.toSchema().toBER(false)) }));
  encoded.sort((x, y) => compareBytes(x.der, y.der));

  const seen = new Set<string>();
  const certificates: pkijs.Certificate[] = [];
  for (const c of [signer, ...input.chain]) {
    const key = Array.from(certificateDer(c)).join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    certificates.push(c);
  }

  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: signer.issuer, serialNumber: signer.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: encoded.map((e) => e.a) }),
      }),
    ],
    certificates,
  });
  await signedData.sign(input.privateKey, 0, 'SHA-256');
  const contentInfo = new pkijs.ContentInfo({
    contentType: OID.signedData,
    content: signedData.toSchema(true),
  });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
}

/** The ESSCertID(v2) hash and its algorithm from a signing-certificate(-v2) attribute value. */
export function essCertHash(
  value: asn1js.AsnType,
  v2: boolean,
): { algorithm: string; hash: Uint8Array } | undefined {
  const certs = (value as asn1js.Sequence).valueBlock?.value?.[0] as asn1js.Sequence | undefined;
  const first = certs?.valueBlock?.value?.[0] as asn1js.Sequence | undefined;
  const parts = first?.valueBlock?.value ?? [];
  if (!v2) {
    const hash = parts[0];
    return hash instanceof asn1js.OctetString
      ? { algorithm: 'SHA-1', hash: hash.valueBlock.valueHexView }
      : undefined;
  }
  let algorithm = 'SHA-256';
  let i = 0;
  if (parts[0] instanceof asn1js.Sequence) {
    const oid = (parts[0].valueBlock.value[0] as asn1js.ObjectIdentifier | undefined)?.valueBlock.toString();
    algorithm = (oid && HASH_NAMES[oid]) || 'unknown';
    i = 1;
  }
  const hash = parts[i];
  return hash instanceof asn1js.OctetString ? { algorithm, hash: hash.valueBlock.valueHexView } : undefined;
}
