/**
 * Opens a PKCS#12 (.p12/.pfx) file: the private key as a non-extractable Web Crypto key and the
 * certificates. KEY MATERIAL: import this only from Node (the CLI, the Electron main process),
 * never from the renderer or a worker it starts.
 *
 * node-forge reads the container because it also knows the legacy encryptions (3DES, RC2) that
 * Web Crypto lacks and that many issued certificates still use; everything after that is Web Crypto.
 */
import forge from 'node-forge';
import * as pkijs from 'pkijs';
import { msg } from '../i18n/message.ts';
import { SignError } from './errors.ts';
import { parseCertificate } from './x509.ts';

export interface SigningIdentity {
  privateKey: CryptoKey;
  signer: pkijs.Certificate;
  /** The other certificates of the file (CA chain). */
  chain: pkijs.Certificate[];
}

const OID_RSA = '1.2.840.113549.1.1.1';
const OID_EC = '1.2.840.10045.2.1';
const CURVES: Record<string, string> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
};

function toBinary(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return s;
}

function fromBinary(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

/** Keys (PKCS#8 DER) and certificates (DER) of the container; throws on a wrong password. */
function openContainer(p12: Uint8Array, password: string): { keys: Uint8Array[]; certs: Uint8Array[] } {
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(toBinary(p12), false);
  } catch {
    throw new SignError(msg('seal:sign.p12Unreadable'));
  }
  let container: forge.pkcs12.Pkcs12Pfx;
  try {
    container = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    if (/password|MAC could not be verified|decrypt/i.test(text))
      throw new SignError(msg('seal:sign.wrongPassword'));
    throw new SignError(msg('seal:sign.p12Unreadable'));
  }
  const keys: Uint8Array[] = [];
  const certs: Uint8Array[] = [];
  for (const content of container.safeContents) {
    for (const bag of content.safeBags) {
      const raw = bag as forge.pkcs12.Bag & { asn1?: forge.asn1.Asn1 };
      if (bag.type === forge.pki.oids.pkcs8ShroudedKeyBag || bag.type === forge.pki.oids.keyBag) {
        const info = bag.key
          ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key as forge.pki.rsa.PrivateKey))
          : raw.asn1;
        if (info) keys.push(fromBinary(forge.asn1.toDer(info).getBytes()));
      } else if (bag.type === forge.pki.oids.certBag) {
        const cert = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : raw.asn1;
        if (cert) certs.push(fromBinary(forge.asn1.toDer(cert).getBytes()));
      }
    }
  }
  return { keys, certs };
}

async function importKey(pkcs8: Uint8Array): Promise<CryptoKey> {
  const info = pkijs.PrivateKeyInfo.fromBER(pkcs8 as BufferSource);
  const oid = info.privateKeyAlgorithm.algorithmId;
  let algorithm: RsaHashedImportParams | EcKeyImportParams;
  if (oid === OID_RSA) {
    algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  } else if (oid === OID_EC) {
    const curveOid = (
      info.privateKeyAlgorithm.algorithmParams as { valueBlock?: { toString(): string } }
    )?.valueBlock?.toString();
    const namedCurve = curveOid ? CURVES[curveOid] : undefined;
    if (!namedCurve) throw new SignError(msg('seal:sign.unsupportedKey', { algorithm: curveOid ?? oid }));
    algorithm = { name: 'ECDSA', namedCurve };
  } else {
    throw new SignError(msg('seal:sign.unsupportedKey', { algorithm: oid }));
  }
  // Extractable only so the public half can be compared with the certificates' keys below.
  return globalThis.crypto.subtle.importKey('pkcs8', pkcs8 as BufferSource, algorithm, true, ['sign']);
}

/** The public part of a key as JWK members, to match a private key with its certificate. */
async function publicJwk(key: CryptoKey): Promise<string> {
  const jwk = await globalThis.crypto.subtle.exportKey('jwk', key);
  return jwk.kty === 'RSA' ? `RSA:${jwk.n}:${jwk.e}` : `EC:${jwk.crv}:${jwk.x}:${jwk.y}`;
}

async function certificateJwk(cert: pkijs.Certificate): Promise<string | undefined> {
  try {
    const spki = new Uint8Array(cert.subjectPublicKeyInfo.toSchema().toBER(false));
    const oid = cert.subjectPublicKeyInfo.algorithm.algorithmId;
    let algorithm: RsaHashedImportParams | EcKeyImportParams;
    if (oid === OID_RSA) algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    else if (oid === OID_EC) {
      const curve = (
        cert.subjectPublicKeyInfo.algorithm.algorithmParams as { valueBlock?: { toString(): string } }
      )?.valueBlock?.toString();
      const namedCurve = curve ? CURVES[curve] : undefined;
      if (!namedCurve) return undefined;
      algorithm = { name: 'ECDSA', namedCurve };
    } else return undefined;
    const key = await globalThis.crypto.subtle.importKey('spki', spki, algorithm, true, ['verify']);
    return publicJwk(key);
  } catch {
    return undefined;
  }
}

/**
 * The signing identity of a PKCS#12 file: its private key, the certificate of that key and the
 * rest of the chain. A wrong password, a file without a private key or with no certificate for
 * its key are refused with their own message.
 */
export async function openP12(p12: Uint8Array, password: string): Promise<SigningIdentity> {
  const { keys, certs } = openContainer(p12, password);
  if (keys.length === 0) throw new SignError(msg('seal:sign.noPrivateKey'));
  const certificates = certs.map((der) => parseCertificate(der));
  const certKeys = await Promise.all(certificates.map(certificateJwk));
  for (const pkcs8 of keys) {
    const extractable = await importKey(pkcs8);
    const pub = await publicJwk(extractable);
    const index = certKeys.indexOf(pub);
    if (index < 0) continue;
    // The key that signs is re-imported non-extractable.
    const algorithm = extractable.algorithm as RsaHashedKeyAlgorithm | EcKeyAlgorithm;
    const privateKey = await globalThis.crypto.subtle.importKey(
      'pkcs8',
      pkcs8 as BufferSource,
      'namedCurve' in algorithm
        ? { name: 'ECDSA', namedCurve: algorithm.namedCurve }
        : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    return {
      privateKey,
      signer: certificates[index]!,
      chain: certificates.filter((_, i) => i !== index),
    };
  }
  throw new SignError(msg('seal:sign.noCertificateForKey'));
}
