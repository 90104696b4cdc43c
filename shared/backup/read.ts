/**
 * Reads and verifies a backup before anything is restored. Nothing in it is trusted until all of
 * it is checked: the passphrase (GCM authentication), the zip's directory before anything is
 * inflated, the manifest against its own hash, every entry against the manifest, every blob
 * against its name, every line of every table (it must decode, its bytes must be there), each
 * table's row count and hash, and the store digest. Every problem comes back located (entry,
 * line); the rows come back only when there are none.
 */
import JSZip from 'jszip';
import { sha256Hex } from '../util/sha256.ts';
import { isUnsafeName, readZipDirectory, type ZipDirectoryEntry } from '../package/zip-directory.ts';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  backupIssue,
  backupManifestSchema,
  BLOBS_DIR,
  isBlobEntry,
  LIMITS,
  MANIFEST_HASH_PATH,
  MANIFEST_PATH,
  shortHash,
  type BackupFile,
  type BackupIssue,
  type BackupManifest,
} from './format.ts';
import { decryptBackup, isEncrypted, isMagicPrefix } from './crypto.ts';
import { decodeValue, RowDecodeError } from './codec.ts';
import { concatBytes, digestOf } from './snapshot.ts';
import { manifestHash, mib } from './write.ts';

declare const verified: unique symbol;

export interface DecodedTable {
  name: string;
  outbound: boolean;
  rows: unknown[];
  /** The primary keys of an outbound table, in row order. */
  keys?: unknown[];
}

/** A backup that passed every check; only readBackup makes one, so a restore cannot skip them. */
export interface VerifiedBackup {
  manifest: BackupManifest;
  /** The backup's identity: the hash in its `manifest.sha256`. */
  manifestSha256: string;
  encrypted: boolean;
  tables: DecodedTable[];
  readonly [verified]: true;
}

export type ReadBackupResult = { ok: true; backup: VerifiedBackup } | { ok: false; issues: BackupIssue[] };

export interface ReadBackupOptions {
  passphrase?: string;
  /**
   * Blobs kept outside the zip (automatic backups share them): a blob entry the manifest lists
   * and the zip lacks is taken from here, and checked against its hash all the same.
   */
  blobs?: ReadonlyMap<string, Uint8Array>;
}

export type BackupKind = 'encrypted' | 'plain' | 'unknown';

/** What a file looks like from its first bytes: whether to ask for a passphrase first. */
export function backupKind(bytes: Uint8Array): BackupKind {
  if (isEncrypted(bytes)) return 'encrypted';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'plain';
  return 'unknown';
}

export async function readBackup(
  bytes: Uint8Array,
  options: ReadBackupOptions = {},
): Promise<ReadBackupResult> {
  let issues: BackupIssue[];
  try {
    const result = await verify(bytes, options);
    if (result.ok) return result;
    issues = result.issues;
  } catch (err) {
    // Whatever a hostile file does to the zip library, the caller gets a refusal, never a throw.
    issues = [backupIssue('internal', '', { detail: err instanceof Error ? err.message : String(err) })];
  }
  if (issues.length > LIMITS.reportedErrors) {
    const more = issues.length - LIMITS.reportedErrors;
    issues = [...issues.slice(0, LIMITS.reportedErrors), backupIssue('tooManyErrors', '', { count: more })];
  }
  return { ok: false, issues };
}

/* ------------------------------------------------------------------ zip entries */

/** JSZip's documented `internalStream` (StreamHelper), which its type definitions leave out. */
interface JSZipStream {
  on(event: 'data', listener: (chunk: Uint8Array) => void): JSZipStream;
  on(event: 'error', listener: (error: Error) => void): JSZipStream;
  on(event: 'end', listener: () => void): JSZipStream;
  resume(): JSZipStream;
  pause(): JSZipStream;
}

type Inflated = { ok: true; data: Uint8Array } | { ok: false; issue: BackupIssue };

/** Inflates one entry into a buffer of its own, stopping as soon as it yields more than `expected`. */
function inflate(zip: JSZip, name: string, expected: number): Promise<Inflated> {
  const file = zip.file(name);
  if (!file || file.unsafeOriginalName !== name) {
    return Promise.resolve({ ok: false, issue: backupIssue('corruptEntry', name) });
  }
  return new Promise((resolve) => {
    const out = new Uint8Array(expected);
    let size = 0;
    let done = false;
    const finish = (result: Inflated) => {
      if (done) return;
      done = true;
      resolve(result);
    };
    const stream = (file as unknown as { internalStream(type: 'uint8array'): JSZipStream }).internalStream(
      'uint8array',
    );
    stream
      .on('data', (chunk: Uint8Array) => {
        if (done) return;
        if (size + chunk.byteLength > expected) {
          stream.pause();
          finish({ ok: false, issue: backupIssue('sizeExceeded', name, { expected }) });
          return;
        }
        out.set(chunk, size);
        size += chunk.byteLength;
      })
      .on('error', () => finish({ ok: false, issue: backupIssue('corruptEntry', name) }))
      .on('end', () =>
        finish(
          size === expected
            ? { ok: true, data: out }
            : { ok: false, issue: backupIssue('sizeMismatch', name, { expected, actual: size }) },
        ),
      )
      .resume();
  });
}

interface Entries {
  byName: Map<string, ZipDirectoryEntry>;
  ambiguous: Set<string>;
}

function screenEntries(entries: ZipDirectoryEntry[], issues: BackupIssue[]): Entries | undefined {
  const byName = new Map<string, ZipDirectoryEntry>();
  const ambiguous = new Set<string>();
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    if (e.badName || isUnsafeName(e.name)) {
      issues.push(backupIssue('unsafePath', e.name));
    } else if (byName.has(e.name) || ambiguous.has(e.name)) {
      if (!ambiguous.has(e.name)) issues.push(backupIssue('duplicateEntry', e.name));
      byName.delete(e.name);
      ambiguous.add(e.name);
    } else {
      byName.set(e.name, e);
    }
  }
  if (total > LIMITS.totalBytes) {
    issues.push(backupIssue('tooLarge', '', { sizeMb: mib(total), maxMb: mib(LIMITS.totalBytes) }));
    return undefined;
  }
  return { byName, ambiguous };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readManifest(
  zip: JSZip,
  entries: Entries,
  issues: BackupIssue[],
): Promise<{ manifest: BackupManifest; sha256: string } | undefined> {
  const entry = entries.byName.get(MANIFEST_PATH);
  if (!entry) {
    if (!entries.ambiguous.has(MANIFEST_PATH)) issues.push(backupIssue('missingManifest', MANIFEST_PATH));
    return undefined;
  }
  if (entry.uncompressedSize > LIMITS.manifestBytes) {
    issues.push(backupIssue('sizeExceeded', MANIFEST_PATH, { expected: LIMITS.manifestBytes }));
    return undefined;
  }
  const read = await inflate(zip, MANIFEST_PATH, entry.uncompressedSize);
  if (!read.ok) {
    issues.push(read.issue);
    return undefined;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(utf8.decode(read.data));
  } catch (err) {
    issues.push(
      backupIssue('manifest', MANIFEST_PATH, { detail: err instanceof Error ? err.message : String(err) }),
    );
    return undefined;
  }
  if (!isRecord(raw) || raw.format !== BACKUP_FORMAT) {
    issues.push(backupIssue('unknownFormat', MANIFEST_PATH, {}, { field: 'format' }));
    return undefined;
  }
  if (typeof raw.formatVersion === 'number' && raw.formatVersion > BACKUP_FORMAT_VERSION) {
    issues.push(
      backupIssue(
        'newerFormat',
        MANIFEST_PATH,
        { version: raw.formatVersion, supported: BACKUP_FORMAT_VERSION },
        { field: 'formatVersion' },
      ),
    );
    return undefined;
  }
  const sha = manifestHash(raw);
  const hashEntry = entries.byName.get(MANIFEST_HASH_PATH);
  if (!hashEntry) {
    if (!entries.ambiguous.has(MANIFEST_HASH_PATH))
      issues.push(backupIssue('missingManifestHash', MANIFEST_HASH_PATH));
  } else if (hashEntry.uncompressedSize > LIMITS.manifestHashBytes) {
    issues.push(backupIssue('manifestHashInvalid', MANIFEST_HASH_PATH));
  } else {
    const hashRead = await inflate(zip, MANIFEST_HASH_PATH, hashEntry.uncompressedSize);
    if (!hashRead.ok) issues.push(hashRead.issue);
    else {
      const text = new TextDecoder().decode(hashRead.data).trim();
      if (!/^[0-9a-f]{64}$/.test(text)) issues.push(backupIssue('manifestHashInvalid', MANIFEST_HASH_PATH));
      else if (text !== sha) {
        issues.push(
          backupIssue('manifestHash', MANIFEST_PATH, {
            expectedShort: shortHash(text),
            actualShort: shortHash(sha),
          }),
        );
      }
    }
  }
  const checked = backupManifestSchema.safeParse(raw);
  if (!checked.success) {
    for (const issue of checked.error.issues.slice(0, 20)) {
      issues.push(
        backupIssue(
          'manifest',
          MANIFEST_PATH,
          { detail: issue.message },
          { field: issue.path.map(String).join('.') },
        ),
      );
    }
    return undefined;
  }
  return { manifest: checked.data, sha256: sha };
}

/** The manifest's own consistency: tables and files name each other exactly once. */
function checkListing(manifest: BackupManifest, issues: BackupIssue[]): Map<string, BackupFile> {
  const listed = new Map<string, BackupFile>();
  manifest.files.forEach((f, i) => {
    if (listed.has(f.path))
      issues.push(backupIssue('duplicateEntry', MANIFEST_PATH, {}, { field: `files.${i}.path` }));
    else listed.set(f.path, f);
    if (isBlobEntry(f.path) && f.path.slice(BLOBS_DIR.length) !== f.sha256) {
      issues.push(backupIssue('blobName', f.path, { actualShort: shortHash(f.sha256) }));
    }
  });
  const owners = new Map<string, string>();
  const names = new Set<string>();
  manifest.tables.forEach((t, i) => {
    if (names.has(t.name))
      issues.push(backupIssue('manifest', MANIFEST_PATH, { detail: t.name }, { field: `tables.${i}.name` }));
    names.add(t.name);
    for (const path of t.entries) {
      if (!path.startsWith(`tables/${t.name}/`) || owners.has(path) || !listed.has(path)) {
        issues.push(
          backupIssue('manifest', MANIFEST_PATH, { detail: path }, { field: `tables.${i}.entries` }),
        );
      }
      owners.set(path, t.name);
    }
  });
  for (const path of listed.keys()) {
    if (!isBlobEntry(path) && !owners.has(path)) {
      issues.push(backupIssue('manifest', MANIFEST_PATH, { detail: path }, { field: 'files' }));
    }
  }
  return listed;
}

/* ------------------------------------------------------------------ verify */

async function unseal(
  bytes: Uint8Array,
  passphrase: string | undefined,
): Promise<{ ok: true; zip: Uint8Array; encrypted: boolean } | { ok: false; issues: BackupIssue[] }> {
  if (bytes.byteLength === 0) return { ok: false, issues: [backupIssue('empty', '')] };
  if (isMagicPrefix(bytes)) return { ok: false, issues: [backupIssue('truncated', '')] };
  if (!isEncrypted(bytes)) return { ok: true, zip: bytes, encrypted: false };
  if (passphrase === undefined || passphrase === '')
    return { ok: false, issues: [backupIssue('passphraseRequired', '')] };
  const opened = await decryptBackup(bytes, passphrase);
  if (opened.ok) return { ok: true, zip: opened.data, encrypted: true };
  const code =
    opened.reason === 'truncated'
      ? 'truncated'
      : opened.reason === 'unsupported'
        ? 'unsupportedEncryption'
        : 'decryptFailed';
  return { ok: false, issues: [backupIssue(code, '')] };
}

async function verify(bytes: Uint8Array, options: ReadBackupOptions): Promise<ReadBackupResult> {
  const unsealed = await unseal(bytes, options.passphrase);
  if (!unsealed.ok) return unsealed;
  const { zip: zipBytes, encrypted } = unsealed;

  const directory = readZipDirectory(zipBytes, LIMITS.maxEntries);
  if (!directory.ok) {
    const issue =
      directory.reason === 'tooManyEntries'
        ? backupIssue('tooManyEntries', '', { count: directory.count, max: LIMITS.maxEntries })
        : backupIssue(directory.reason === 'notZip' ? 'notBackup' : 'truncated', '');
    return { ok: false, issues: [issue] };
  }
  const issues: BackupIssue[] = [];
  const entries = screenEntries(directory.entries, issues);
  if (!entries) return { ok: false, issues };

  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(zipBytes, { checkCRC32: false, createFolders: false });
  } catch {
    return { ok: false, issues: [...issues, backupIssue('truncated', '')] };
  }
  const read = await readManifest(zip, entries, issues);
  if (!read) return { ok: false, issues };
  const { manifest } = read;
  const listed = checkListing(manifest, issues);

  for (const name of entries.byName.keys()) {
    if (name !== MANIFEST_PATH && name !== MANIFEST_HASH_PATH && !listed.has(name)) {
      issues.push(backupIssue('extraEntry', name));
    }
  }

  // Every listed entry: present (or kept apart), the declared size, the declared hash.
  const verifiedData = new Map<string, Uint8Array>();
  for (const f of listed.values()) {
    const entry = entries.byName.get(f.path);
    if (!entry) {
      const apart = isBlobEntry(f.path) ? options.blobs?.get(f.sha256) : undefined;
      if (apart) {
        if (apart.byteLength !== f.size) {
          issues.push(backupIssue('sizeMismatch', f.path, { expected: f.size, actual: apart.byteLength }));
        } else if ((await sha256Hex(apart)) !== f.sha256) {
          issues.push(
            backupIssue('hashMismatch', f.path, { expectedShort: shortHash(f.sha256), actualShort: '' }),
          );
        } else verifiedData.set(f.path, apart);
      } else if (!entries.ambiguous.has(f.path)) issues.push(backupIssue('missingEntry', f.path));
      continue;
    }
    if (entry.uncompressedSize !== f.size) {
      issues.push(backupIssue('sizeMismatch', f.path, { expected: f.size, actual: entry.uncompressedSize }));
      continue;
    }
    const inflated = await inflate(zip, f.path, f.size);
    if (!inflated.ok) {
      issues.push(inflated.issue);
      continue;
    }
    const actual = await sha256Hex(inflated.data);
    if (actual !== f.sha256) {
      issues.push(
        backupIssue('hashMismatch', f.path, {
          expectedShort: shortHash(f.sha256),
          actualShort: shortHash(actual),
        }),
      );
      continue;
    }
    verifiedData.set(f.path, inflated.data);
  }

  const blobs = new Map<string, Uint8Array>();
  for (const [path, data] of verifiedData)
    if (isBlobEntry(path)) blobs.set(path.slice(BLOBS_DIR.length), data);
  // Listed blobs that failed their checks are reported once, not again on every row citing them.
  const listedBlobs = new Set([...listed.keys()].filter(isBlobEntry).map((p) => p.slice(BLOBS_DIR.length)));

  // Tables: every line decodes with its bytes present; counts and hashes as the manifest says.
  const tables: DecodedTable[] = [];
  const rowIssues: BackupIssue[] = [];
  for (const t of manifest.tables) {
    const table: DecodedTable = {
      name: t.name,
      outbound: t.outbound,
      rows: [],
      ...(t.outbound ? { keys: [] } : {}),
    };
    const parts: Uint8Array[] = [];
    let complete = true;
    for (const path of t.entries) {
      const data = verifiedData.get(path);
      if (!data) {
        complete = false;
        continue;
      }
      parts.push(data);
      decodeEntry(path, data, table, blobs, listedBlobs, rowIssues);
    }
    if (!complete) continue;
    const tableHash = await sha256Hex(concatBytes(parts));
    if (tableHash !== t.sha256) {
      issues.push(backupIssue('tableHash', t.entries[0] ?? MANIFEST_PATH, { table: t.name }));
    } else if (table.rows.length !== t.rows && rowIssues.length === 0) {
      issues.push(
        backupIssue('rowCount', t.entries[0] ?? MANIFEST_PATH, {
          table: t.name,
          expected: t.rows,
          actual: table.rows.length,
        }),
      );
    }
    tables.push(table);
  }
  issues.push(...rowIssues);
  if (issues.length === 0 && digestOf(manifest.tables) !== manifest.storeDigest) {
    issues.push(backupIssue('digest', MANIFEST_PATH, {}, { field: 'storeDigest' }));
  }
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    backup: { manifest, manifestSha256: read.sha256, encrypted, tables } as VerifiedBackup,
  };
}

/** Decodes the lines of one verified table entry into `table`; bad lines are reported by number. */
function decodeEntry(
  path: string,
  data: Uint8Array,
  table: DecodedTable,
  blobs: ReadonlyMap<string, Uint8Array>,
  listedBlobs: ReadonlySet<string>,
  issues: BackupIssue[],
): void {
  let text: string;
  try {
    text = utf8.decode(data);
  } catch {
    issues.push(backupIssue('invalidRow', path, { detail: 'UTF-8' }, { line: 1 }));
    return;
  }
  if (!text.endsWith('\n')) {
    issues.push(backupIssue('invalidRow', path, { detail: 'no final newline' }, { line: 1 }));
    return;
  }
  const lines = text.slice(0, -1).split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (issues.length > LIMITS.reportedErrors) return;
    try {
      const parsed: unknown = JSON.parse(lines[i]!);
      if (table.outbound) {
        if (!Array.isArray(parsed) || parsed.length !== 2)
          throw new RowDecodeError('invalid', 'expected [key, row]');
        table.keys!.push(decodeValue(parsed[0], blobs));
        table.rows.push(decodeValue(parsed[1], blobs));
      } else {
        table.rows.push(decodeValue(parsed, blobs));
      }
    } catch (err) {
      if (err instanceof RowDecodeError && err.kind === 'missingBlob') {
        if (listedBlobs.has(err.detail)) {
          table.rows.push(undefined); // keeps the count; the result is refused anyway
          continue;
        }
        issues.push(backupIssue('missingBlob', path, { blob: shortHash(err.detail) }, { line: i + 1 }));
      } else {
        issues.push(
          backupIssue(
            'invalidRow',
            path,
            { detail: err instanceof Error ? err.message : String(err) },
            { line: i + 1 },
          ),
        );
      }
    }
  }
}
