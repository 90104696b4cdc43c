/** X.509 certificates through pkijs: names, validity, chains. Pure TypeScript (Web Crypto). */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

const NAME_OIDS: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.5': 'serialNumber',
  '1.2.840.113549.1.9.1': 'E',
};

function attributeText(value: { valueBlock?: { value?: unknown } }): string {
  const v = value.valueBlock?.value;
  return typeof v === 'string' ? v : String(v ?? '');
}

/** One attribute of a distinguished name (CN, O …). */
export function nameAttribute(name: pkijs.RelativeDistinguishedNames, short: string): string | undefined {
  for (const tv of name.typesAndValues) {
    if (NAME_OIDS[tv.type] === short) return attributeText(tv.value as never);
  }
  return undefined;
}

/** `CN=…, O=…, C=…` in the certificate's order. */
export function nameText(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues
    .map((tv) => `${NAME_OIDS[tv.type] ?? tv.type}=${attributeText(tv.value as never)}`)
    .join(', ');
}

export function parseCertificate(der: Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(der as BufferSource);
}

export function certificateDer(cert: pkijs.Certificate): Uint8Array {
  return new Uint8Array(cert.toSchema().toBER(false));
}

export function serialHex(cert: pkijs.Certificate): string {
  return Array.from(cert.serialNumber.valueBlock.valueHexView, (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );
}

export interface CertificateSummary {
  commonName?: string;
  organization?: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
}

export function summarize(cert: pkijs.Certificate): CertificateSummary {
  const commonName = nameAttribute(cert.subject, 'CN');
  const organization = nameAttribute(cert.subject, 'O');
  return {
    ...(commonName === undefined ? {} : { commonName }),
    ...(organization === undefined ? {} : { organization }),
    subject: nameText(cert.subject),
    issuer: nameText(cert.issuer),
    serialNumber: serialHex(cert),
    notBefore: cert.notBefore.value.toISOString(),
    notAfter: cert.notAfter.value.toISOString(),
  };
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

async function signedBy(cert: pkijs.Certificate, issuer: pkijs.Certificate): Promise<boolean> {
  try {
    return await cert.verify(issuer);
  } catch {
    return false;
  }
}

/**
 * Trust of a signer certificate given the certificates that came with the signature and the
 * caller's trust anchors. A self-signed or unknown issuer is reported as such — it is not a
 * broken signature, only one whose signer nobody here vouches for.
 */
export type TrustStatus = 'trusted' | 'self-signed' | 'untrusted-root' | 'unknown-issuer' | 'invalid-chain';

export async function trustOf(
  signer: pkijs.Certificate,
  pool: pkijs.Certificate[],
  anchors: pkijs.Certificate[] = [],
): Promise<{ status: TrustStatus; chain: pkijs.Certificate[] }> {
  const anchorDers = anchors.map(certificateDer);
  const isAnchor = (c: pkijs.Certificate) => anchorDers.some((d) => bytesEqual(d, certificateDer(c)));
  const chain = [signer];
  let current = signer;
  for (let depth = 0; depth < 10; depth++) {
    if (isAnchor(current)) return { status: 'trusted', chain };
    const selfIssued = current.subject.isEqual(current.issuer);
    if (selfIssued) {
      if (!(await signedBy(current, current))) return { status: 'invalid-chain', chain };
      return { status: depth === 0 ? 'self-signed' : 'untrusted-root', chain };
    }
    const issuer = [...pool, ...anchors].find((c) => c !== current && c.subject.isEqual(current.issuer));
    if (!issuer) return { status: 'unknown-issuer', chain };
    if (!(await signedBy(current, issuer))) return { status: 'invalid-chain', chain };
    chain.push(issuer);
    current = issuer;
  }
  return { status: 'unknown-issuer', chain };
}

/** Whether `time` lies within the certificate's validity period. */
export function validAt(cert: pkijs.Certificate, time: Date): boolean {
  return cert.notBefore.value.getTime() <= time.getTime() && time.getTime() <= cert.notAfter.value.getTime();
}

export { asn1js, pkijs };
