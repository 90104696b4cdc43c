/**
 * Passphrase encryption of a backup with Web Crypto only (browsers, Electron and Node ≥ 20 all
 * have globalThis.crypto.subtle): AES-256-GCM under a key derived by PBKDF2-SHA256.
 *
 * An encrypted file is a 41-byte header and the GCM ciphertext (tag included):
 *
 *   0   8  magic "TBBAKENC"
 *   8   1  header version (1)
 *   9   4  PBKDF2 iterations, big-endian
 *   13 16  random salt
 *   29 12  random IV
 *   41  …  AES-256-GCM ciphertext of the backup zip, 16-byte tag at the end
 *
 * The whole header is the GCM additional data, so a changed iteration count, salt or IV fails
 * authentication like a changed ciphertext byte. A wrong passphrase and a damaged file cannot be
 * told apart by design; the message says both.
 */

export const ENCRYPTED_MAGIC = new Uint8Array([0x54, 0x42, 0x42, 0x41, 0x4b, 0x45, 0x4e, 0x43]); // TBBAKENC
export const ENCRYPTION_VERSION = 1;
/** OWASP's current figure for PBKDF2-HMAC-SHA256 (2023); never below 310,000. */
export const PBKDF2_ITERATIONS = 600_000;
export const MIN_PBKDF2_ITERATIONS = 310_000;
/** A header asking for more would make opening the file hang for minutes. */
export const MAX_PBKDF2_ITERATIONS = 10_000_000;
/** What the app asks of a passphrase it sets (the file format itself takes any). */
export const MIN_PASSPHRASE_CHARS = 8;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const HEADER_BYTES = ENCRYPTED_MAGIC.length + 1 + 4 + SALT_BYTES + IV_BYTES;

export type DecryptResult =
  { ok: true; data: Uint8Array } | { ok: false; reason: 'truncated' | 'unsupported' | 'failed' };

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('Web Crypto (crypto.subtle) is not available');
  return s;
}

export function isEncrypted(bytes: Uint8Array): boolean {
  return ENCRYPTED_MAGIC.every((b, i) => bytes[i] === b);
}

/** True when `bytes` is a prefix of the magic (a file cut in its first bytes). */
export function isMagicPrefix(bytes: Uint8Array): boolean {
  return (
    bytes.length > 0 &&
    bytes.length < ENCRYPTED_MAGIC.length &&
    [...bytes].every((b, i) => b === ENCRYPTED_MAGIC[i])
  );
}

async function deriveKey(
  passphrase: string,
  salt: Uint8Array,
  iterations: number,
  use: KeyUsage,
): Promise<CryptoKey> {
  const material = await subtle().importKey(
    'raw',
    new TextEncoder().encode(passphrase.normalize('NFC')),
    'PBKDF2',
    false,
    ['deriveKey'],
  );
  return subtle().deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    [use],
  );
}

export async function encryptBackup(
  plain: Uint8Array,
  passphrase: string,
  iterations: number = PBKDF2_ITERATIONS,
): Promise<Uint8Array> {
  if (iterations < MIN_PBKDF2_ITERATIONS || iterations > MAX_PBKDF2_ITERATIONS) {
    throw new RangeError(
      `PBKDF2 iterations must be between ${MIN_PBKDF2_ITERATIONS} and ${MAX_PBKDF2_ITERATIONS}`,
    );
  }
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const header = new Uint8Array(HEADER_BYTES);
  const view = new DataView(header.buffer);
  header.set(ENCRYPTED_MAGIC, 0);
  header[8] = ENCRYPTION_VERSION;
  view.setUint32(9, iterations, false);
  header.set(salt, 13);
  header.set(iv, 29);
  const key = await deriveKey(passphrase, salt, iterations, 'encrypt');
  const sealed = new Uint8Array(
    await subtle().encrypt(
      { name: 'AES-GCM', iv, additionalData: header, tagLength: TAG_BYTES * 8 },
      key,
      plain as BufferSource,
    ),
  );
  const out = new Uint8Array(HEADER_BYTES + sealed.byteLength);
  out.set(header, 0);
  out.set(sealed, HEADER_BYTES);
  return out;
}

export async function decryptBackup(bytes: Uint8Array, passphrase: string): Promise<DecryptResult> {
  if (bytes.byteLength < HEADER_BYTES + TAG_BYTES) return { ok: false, reason: 'truncated' };
  const header = bytes.subarray(0, HEADER_BYTES);
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const iterations = view.getUint32(9, false);
  if (
    header[8] !== ENCRYPTION_VERSION ||
    iterations < MIN_PBKDF2_ITERATIONS ||
    iterations > MAX_PBKDF2_ITERATIONS
  ) {
    return { ok: false, reason: 'unsupported' };
  }
  const salt = header.slice(13, 29);
  const iv = header.slice(29, 41);
  const key = await deriveKey(passphrase, salt, iterations, 'decrypt');
  try {
    const plain = await subtle().decrypt(
      { name: 'AES-GCM', iv, additionalData: header.slice() as BufferSource, tagLength: TAG_BYTES * 8 },
      key,
      bytes.subarray(HEADER_BYTES) as BufferSource,
    );
    return { ok: true, data: new Uint8Array(plain) };
  } catch {
    return { ok: false, reason: 'failed' };
  }
}
