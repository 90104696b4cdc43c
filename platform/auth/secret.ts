/**
 * The HS256 signing key: TIANBAO_JWT_SECRET when set, else a random key generated once and kept
 * in the data folder (readable by the owner only), so tokens survive a restart.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const MIN_SECRET_BYTES = 32;
export const SECRET_FILE = 'jwt-secret.key';

export function loadSigningSecret(dataDir: string, fromEnv = process.env.TIANBAO_JWT_SECRET): Uint8Array {
  if (fromEnv !== undefined && fromEnv !== '') {
    const bytes = new TextEncoder().encode(fromEnv);
    if (bytes.length < MIN_SECRET_BYTES)
      throw new Error(`TIANBAO_JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes long`);
    return bytes;
  }
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, SECRET_FILE);
  try {
    // 'wx': only the first start writes it; a concurrent second start reads the same key.
    writeFileSync(file, randomBytes(48).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const text = readFileSync(file, 'utf8').trim();
  if (text.length < MIN_SECRET_BYTES)
    throw new Error(`${file} is too short; delete it to generate a new key`);
  return new TextEncoder().encode(text);
}
