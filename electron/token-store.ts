/**
 * Sync tokens encrypted by the OS (Electron safeStorage: DPAPI, Keychain, libsecret/kwallet) in a
 * file under userData. When the OS cannot encrypt, tokens are refused rather than written in
 * plain text; the renderer then keeps them for the session only.
 */
import path from 'node:path';
import type { TokenStore } from '../shared/host/api.ts';

/** The subset of Electron's safeStorage we use; async methods are preferred where present. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  isAsyncEncryptionAvailable?(): Promise<boolean>;
  encryptStringAsync?(plainText: string): Promise<Buffer>;
  decryptStringAsync?(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  getSelectedStorageBackend?(): string;
}

export interface Encryptor {
  isAvailable(): Promise<boolean>;
  encrypt(plainText: string): Promise<Uint8Array>;
  decrypt(data: Uint8Array): Promise<string>;
}

/**
 * Adapts safeStorage. On Linux without a keyring, Chromium falls back to `basic_text`, which
 * "encrypts" with a fixed, public key: that is plain text in disguise, so it counts as unavailable.
 */
export function encryptorFromSafeStorage(safeStorage: SafeStorageLike, platform: NodeJS.Platform): Encryptor {
  const useAsync =
    typeof safeStorage.encryptStringAsync === 'function' &&
    typeof safeStorage.decryptStringAsync === 'function';
  return {
    async isAvailable() {
      const available =
        typeof safeStorage.isAsyncEncryptionAvailable === 'function'
          ? await safeStorage.isAsyncEncryptionAvailable()
          : safeStorage.isEncryptionAvailable();
      if (!available) return false;
      if (platform === 'linux' && typeof safeStorage.getSelectedStorageBackend === 'function') {
        const backend = safeStorage.getSelectedStorageBackend();
        if (backend === 'basic_text' || backend === 'unknown') return false;
      }
      return true;
    },
    async encrypt(plainText) {
      const buf =
        useAsync && safeStorage.encryptStringAsync
          ? await safeStorage.encryptStringAsync(plainText)
          : safeStorage.encryptString(plainText);
      return new Uint8Array(buf);
    },
    async decrypt(data) {
      const buf = Buffer.from(data);
      if (useAsync && safeStorage.decryptStringAsync)
        return (await safeStorage.decryptStringAsync(buf)).result;
      return safeStorage.decryptString(buf);
    },
  };
}

export class TokenStorageUnavailableError extends Error {
  readonly code = 'token-storage-unavailable';
  constructor() {
    super('OS encryption is unavailable; refusing to store a token in plain text');
    this.name = 'TokenStorageUnavailableError';
  }
}

export interface TokenFs {
  readFile(filePath: string, encoding: 'utf8'): Promise<string>;
  writeFile(filePath: string, data: string, options: { encoding: 'utf8'; mode: number }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(filePath: string): Promise<void>;
  mkdir(dirPath: string, options: { recursive: true }): Promise<unknown>;
}

export interface SecureTokenStore extends TokenStore {
  isSecure(): Promise<boolean>;
}

interface TokenFile {
  version: 1;
  tokens: Record<string, string>;
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT';
}

export function createTokenStore(options: {
  encryptor: Encryptor;
  fs: TokenFs;
  filePath: string;
}): SecureTokenStore {
  const { encryptor, fs, filePath } = options;
  let queue: Promise<unknown> = Promise.resolve();
  let tempCounter = 0;

  /** One operation at a time, so two quick writes cannot lose each other's update. */
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  }

  async function readAll(): Promise<Map<string, string>> {
    let text: string;
    try {
      text = await fs.readFile(filePath, 'utf8');
    } catch (error) {
      if (isNotFound(error)) return new Map();
      throw error;
    }
    const entries = new Map<string, string>();
    try {
      const parsed = JSON.parse(text) as Partial<TokenFile> | null;
      const tokens =
        parsed && typeof parsed.tokens === 'object' && parsed.tokens !== null ? parsed.tokens : {};
      for (const [key, value] of Object.entries(tokens)) {
        if (typeof value === 'string') entries.set(key, value);
      }
    } catch {
      // A damaged token file only costs a new sign-in; it is replaced on the next write.
    }
    return entries;
  }

  async function writeAll(entries: Map<string, string>): Promise<void> {
    const file: TokenFile = { version: 1, tokens: Object.fromEntries(entries) };
    await fs.mkdir(path.dirname(filePath), { recursive: true });
    tempCounter += 1;
    const temp = `${filePath}.${process.pid}.${tempCounter}.tmp`;
    try {
      await fs.writeFile(temp, `${JSON.stringify(file)}\n`, { encoding: 'utf8', mode: 0o600 });
      await fs.rename(temp, filePath);
    } catch (error) {
      await fs.unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  return {
    isSecure: () => encryptor.isAvailable(),
    get: (key) =>
      exclusive(async () => {
        const stored = (await readAll()).get(key);
        if (stored === undefined || !(await encryptor.isAvailable())) return null;
        try {
          return await encryptor.decrypt(Buffer.from(stored, 'base64'));
        } catch {
          // Encrypted by another OS user or a reset keyring: unreadable is the same as absent.
          return null;
        }
      }),
    set: (key, value) =>
      exclusive(async () => {
        if (!(await encryptor.isAvailable())) throw new TokenStorageUnavailableError();
        const encrypted = await encryptor.encrypt(value);
        const entries = await readAll();
        entries.set(key, Buffer.from(encrypted).toString('base64'));
        await writeAll(entries);
      }),
    delete: (key) =>
      exclusive(async () => {
        const entries = await readAll();
        if (!entries.delete(key)) return;
        await writeAll(entries);
      }),
  };
}
