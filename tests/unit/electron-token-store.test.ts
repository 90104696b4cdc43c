import { mkdtemp, readFile, rm, writeFile, mkdir, rename, unlink, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  TokenStorageUnavailableError,
  createTokenStore,
  encryptorFromSafeStorage,
  type SafeStorageLike,
} from '../../electron/token-store.ts';

/** A reversible stand-in for OS encryption that is visibly not plain text. */
function fakeSafeStorage(available: boolean, extra: Partial<SafeStorageLike> = {}): SafeStorageLike {
  const enc = (s: string) => Buffer.from(`enc:${Buffer.from(s, 'utf8').toString('hex')}`);
  const dec = (b: Buffer) => {
    const text = b.toString('utf8');
    if (!text.startsWith('enc:')) throw new Error('bad');
    return Buffer.from(text.slice(4), 'hex').toString('utf8');
  };
  return {
    isEncryptionAvailable: () => available,
    encryptString: enc,
    decryptString: dec,
    ...extra,
  };
}

const fs = { readFile, writeFile, rename, unlink, mkdir };

describe('token store', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tianbao-tokens-'));
    file = path.join(dir, 'nested', 'tokens.json');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses to store when encryption is unavailable, and writes nothing', async () => {
    const store = createTokenStore({
      encryptor: encryptorFromSafeStorage(fakeSafeStorage(false), 'win32'),
      fs,
      filePath: file,
    });
    expect(await store.isSecure()).toBe(false);
    await expect(store.set('sync.token', 'secret-value')).rejects.toBeInstanceOf(
      TokenStorageUnavailableError,
    );
    await expect(readFile(file, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await store.get('sync.token')).toBeNull();
  });

  it('treats the Linux basic_text backend as unavailable (a fixed key is plain text in disguise)', async () => {
    const safe = fakeSafeStorage(true, { getSelectedStorageBackend: () => 'basic_text' });
    const store = createTokenStore({
      encryptor: encryptorFromSafeStorage(safe, 'linux'),
      fs,
      filePath: file,
    });
    await expect(store.set('sync.token', 'secret')).rejects.toMatchObject({
      code: 'token-storage-unavailable',
    });
    const keyring = fakeSafeStorage(true, { getSelectedStorageBackend: () => 'gnome_libsecret' });
    expect(await encryptorFromSafeStorage(keyring, 'linux').isAvailable()).toBe(true);
  });

  it('round-trips encrypted tokens and never writes the plain value', async () => {
    const store = createTokenStore({
      encryptor: encryptorFromSafeStorage(fakeSafeStorage(true), 'win32'),
      fs,
      filePath: file,
    });
    await store.set('sync.token', 'secret-value-中文');
    await store.set('sync.refresh', 'r1');
    expect(await store.get('sync.token')).toBe('secret-value-中文');
    expect(await store.get('sync.refresh')).toBe('r1');
    expect(await store.get('missing')).toBeNull();
    const raw = await readFile(file, 'utf8');
    expect(raw).not.toContain('secret-value');
    expect(JSON.parse(raw)).toMatchObject({ version: 1 });
    await store.delete('sync.token');
    expect(await store.get('sync.token')).toBeNull();
    expect(await store.get('sync.refresh')).toBe('r1');
    // Atomic writes leave no temp files behind.
    expect(await readdir(path.dirname(file))).toEqual(['tokens.json']);
  });

  it('prefers the async safeStorage API when present', async () => {
    const base = fakeSafeStorage(true);
    const safe = fakeSafeStorage(false, {
      isAsyncEncryptionAvailable: async () => true,
      encryptStringAsync: async (s) => base.encryptString(s),
      decryptStringAsync: async (b) => ({ result: base.decryptString(b), shouldReEncrypt: false }),
      encryptString: () => {
        throw new Error('sync API used');
      },
    });
    const store = createTokenStore({
      encryptor: encryptorFromSafeStorage(safe, 'darwin'),
      fs,
      filePath: file,
    });
    await store.set('sync.token', 'v');
    expect(await store.get('sync.token')).toBe('v');
  });

  it('keeps concurrent writes and survives a damaged file', async () => {
    const store = createTokenStore({
      encryptor: encryptorFromSafeStorage(fakeSafeStorage(true), 'win32'),
      fs,
      filePath: file,
    });
    await Promise.all(['a', 'b', 'c', 'd'].map((k) => store.set(`k.${k}`, k)));
    for (const k of ['a', 'b', 'c', 'd']) expect(await store.get(`k.${k}`)).toBe(k);
    await writeFile(file, '{"version":1,"tokens":{"k.a":"bm90LWVuY3J5cHRlZA=="');
    expect(await store.get('k.a')).toBeNull();
    await store.set('k.e', 'e');
    expect(await store.get('k.e')).toBe('e');
  });

  it('returns null for a token it cannot decrypt (another OS user, reset keyring)', async () => {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(
      file,
      JSON.stringify({ version: 1, tokens: { 'sync.token': Buffer.from('garbage').toString('base64') } }),
    );
    const store = createTokenStore({
      encryptor: encryptorFromSafeStorage(fakeSafeStorage(true), 'win32'),
      fs,
      filePath: file,
    });
    expect(await store.get('sync.token')).toBeNull();
  });
});
