/**
 * Reads and verifies a submission package. Nothing in it is trusted until everything is checked:
 * the zip's directory (names, sizes, entry count) before anything is inflated, the manifest
 * against its own hash, every entry against the manifest, the documents against the platform's
 * schemas, the evidence against its names, and a locked submission against its receipt hash.
 * Every problem found is reported, located; the content comes back only when there are none.
 */
import JSZip from 'jszip';
import { sha256Hex } from '../util/sha256.ts';
import { checkBody, schemaErrors } from './checks.ts';
import {
  EVIDENCE_DIR,
  LIMITS,
  MANIFEST_HASH_PATH,
  MANIFEST_PATH,
  manifestSchema,
  mib,
  PACKAGE_FORMAT,
  PACKAGE_FORMAT_VERSION,
  packageBodySchema,
  packageError,
  shortHash,
  SUBMISSION_PATH,
  type ManifestFile,
  type PackageBody,
  type PackageContent,
  type PackageError,
  type PackageManifest,
} from './format.ts';
import { manifestHash } from './write.ts';
import { isUnsafeName, readZipDirectory, type ZipDirectoryEntry } from './zip-directory.ts';

declare const verified: unique symbol;

/** A package that passed every check; only readPackage makes one, so an import cannot skip them. */
export interface VerifiedPackage {
  content: PackageContent;
  manifest: PackageManifest;
  /** The package's identity: the hash in its `manifest.sha256`. */
  manifestSha256: string;
  readonly [verified]: true;
}

export type ReadResult = ({ ok: true } & VerifiedPackage) | { ok: false; errors: PackageError[] };

export async function readPackage(bytes: Uint8Array): Promise<ReadResult> {
  let errors: PackageError[];
  try {
    const result = await verify(bytes);
    if (result.ok) return result;
    errors = result.errors;
  } catch (err) {
    // Whatever a hostile file does to the zip library, the caller gets a refusal, never a throw.
    errors = [packageError('internal', '', { detail: err instanceof Error ? err.message : String(err) })];
  }
  if (errors.length > LIMITS.reportedErrors) {
    const more = errors.length - LIMITS.reportedErrors;
    errors = [...errors.slice(0, LIMITS.reportedErrors), packageError('tooManyErrors', '', { count: more })];
  }
  return { ok: false, errors };
}

/** JSZip's documented `internalStream` (StreamHelper), which its type definitions leave out. */
interface JSZipStream {
  on(event: 'data', listener: (chunk: Uint8Array) => void): JSZipStream;
  on(event: 'error', listener: (error: Error) => void): JSZipStream;
  on(event: 'end', listener: () => void): JSZipStream;
  resume(): JSZipStream;
  pause(): JSZipStream;
}

type Inflated = { ok: true; data: Uint8Array } | { ok: false; error: PackageError };

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** Inflates one entry, stopping as soon as it yields more than `expected` bytes. */
function inflate(zip: JSZip, name: string, expected: number): Promise<Inflated> {
  const file = zip.file(name);
  // JSZip keys files by a cleaned-up name; only the entry stored under exactly this name will do.
  if (!file || file.unsafeOriginalName !== name) {
    return Promise.resolve({ ok: false, error: packageError('corruptEntry', name) });
  }
  return new Promise((resolve) => {
    const chunks: Uint8Array[] = [];
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
        size += chunk.byteLength;
        if (size > expected) {
          stream.pause();
          finish({ ok: false, error: packageError('sizeExceeded', name, { expected }) });
          return;
        }
        chunks.push(chunk);
      })
      .on('error', () => finish({ ok: false, error: packageError('corruptEntry', name) }))
      .on('end', () =>
        finish(
          size === expected
            ? { ok: true, data: concat(chunks, size) }
            : { ok: false, error: packageError('sizeMismatch', name, { expected, actual: size }) },
        ),
      )
      .resume();
  });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseJson(
  entry: string,
  data: Uint8Array,
): { ok: true; value: unknown } | { ok: false; error: PackageError } {
  try {
    return { ok: true, value: JSON.parse(utf8.decode(data)) as unknown };
  } catch (err) {
    return {
      ok: false,
      error: packageError('invalidJson', entry, { detail: err instanceof Error ? err.message : String(err) }),
    };
  }
}

function capOf(path: string): number {
  if (path === MANIFEST_PATH) return LIMITS.manifestBytes;
  if (path === MANIFEST_HASH_PATH) return LIMITS.manifestHashBytes;
  if (path === SUBMISSION_PATH) return LIMITS.submissionBytes;
  return LIMITS.evidenceBytes;
}

interface Entries {
  /** Entries with a safe name that occurs once. */
  byName: Map<string, ZipDirectoryEntry>;
  /** Names stored more than once: unreadable, since it is unclear which copy is meant. */
  ambiguous: Set<string>;
}

/** Names and sizes from the raw directory; a zip bomb is refused here, before any inflating. */
function screenEntries(entries: ZipDirectoryEntry[], errors: PackageError[]): Entries | undefined {
  const byName = new Map<string, ZipDirectoryEntry>();
  const ambiguous = new Set<string>();
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    if (e.badName || isUnsafeName(e.name)) {
      errors.push(packageError('unsafePath', e.name));
    } else if (byName.has(e.name) || ambiguous.has(e.name)) {
      if (!ambiguous.has(e.name)) errors.push(packageError('duplicateEntry', e.name, { path: e.name }));
      byName.delete(e.name);
      ambiguous.add(e.name);
    } else {
      byName.set(e.name, e);
    }
  }
  if (total > LIMITS.totalBytes) {
    errors.push(packageError('tooLarge', '', { sizeMb: mib(total), maxMb: mib(LIMITS.totalBytes) }));
    return undefined;
  }
  return { byName, ambiguous };
}

/** Inflates a directory entry whose declared size is within its cap. */
async function readEntry(
  zip: JSZip,
  entry: ZipDirectoryEntry,
  errors: PackageError[],
): Promise<Uint8Array | undefined> {
  const cap = capOf(entry.name);
  if (entry.uncompressedSize > cap) {
    errors.push(
      packageError('entryTooLarge', entry.name, { sizeMb: mib(entry.uncompressedSize), maxMb: mib(cap) }),
    );
    return undefined;
  }
  const result = await inflate(zip, entry.name, entry.uncompressedSize);
  if (!result.ok) {
    errors.push(result.error);
    return undefined;
  }
  return result.data;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The manifest: format and version first (a stranger's file is refused as such), then its hash. */
async function readManifest(
  zip: JSZip,
  entries: Entries,
  errors: PackageError[],
): Promise<{ manifest: PackageManifest; sha256: string } | undefined> {
  const entry = entries.byName.get(MANIFEST_PATH);
  if (!entry) {
    if (!entries.ambiguous.has(MANIFEST_PATH)) errors.push(packageError('missingManifest', MANIFEST_PATH));
    return undefined;
  }
  const data = await readEntry(zip, entry, errors);
  if (!data) return undefined;
  const parsed = parseJson(MANIFEST_PATH, data);
  if (!parsed.ok) {
    errors.push(parsed.error);
    return undefined;
  }
  const raw = parsed.value;
  if (!isRecord(raw) || raw.format !== PACKAGE_FORMAT) {
    const format = isRecord(raw) && typeof raw.format === 'string' ? raw.format : '';
    errors.push(packageError('unknownFormat', MANIFEST_PATH, { format }, { field: 'format' }));
    return undefined;
  }
  if (typeof raw.formatVersion === 'number' && raw.formatVersion > PACKAGE_FORMAT_VERSION) {
    errors.push(
      packageError(
        'newerVersion',
        MANIFEST_PATH,
        { version: raw.formatVersion, supported: PACKAGE_FORMAT_VERSION },
        { field: 'formatVersion' },
      ),
    );
    return undefined;
  }

  const sha256 = manifestHash(raw);
  const hashEntry = entries.byName.get(MANIFEST_HASH_PATH);
  if (!hashEntry) {
    if (!entries.ambiguous.has(MANIFEST_HASH_PATH))
      errors.push(packageError('missingManifestHash', MANIFEST_HASH_PATH));
  } else {
    const hashData = await readEntry(zip, hashEntry, errors);
    if (hashData) {
      const text = new TextDecoder().decode(hashData).trim();
      if (!/^[0-9a-f]{64}$/.test(text)) {
        errors.push(packageError('manifestHashInvalid', MANIFEST_HASH_PATH));
      } else if (text !== sha256) {
        errors.push(
          packageError('manifestHash', MANIFEST_PATH, {
            expected: text,
            actual: sha256,
            expectedShort: shortHash(text),
            actualShort: shortHash(sha256),
          }),
        );
      }
    }
  }

  const checked = manifestSchema.safeParse(raw, { reportInput: true });
  if (!checked.success) {
    errors.push(...schemaErrors(MANIFEST_PATH, checked.error.issues));
    return undefined;
  }
  return { manifest: checked.data, sha256 };
}

/** The manifest's list against the zip: nothing missing, nothing extra, sizes as declared. */
function matchFiles(manifest: PackageManifest, entries: Entries, errors: PackageError[]): ManifestFile[] {
  const listed = new Map<string, ManifestFile>();
  manifest.files.forEach((f, i) => {
    if (listed.has(f.path)) {
      errors.push(
        packageError('duplicateEntry', MANIFEST_PATH, { path: f.path }, { field: `files.${i}.path` }),
      );
    } else {
      listed.set(f.path, f);
    }
  });
  if (!listed.has(SUBMISSION_PATH)) errors.push(packageError('missingEntry', SUBMISSION_PATH));
  for (const name of entries.byName.keys()) {
    if (name !== MANIFEST_PATH && name !== MANIFEST_HASH_PATH && !listed.has(name)) {
      errors.push(packageError('extraEntry', name));
    }
  }
  const readable: ManifestFile[] = [];
  for (const f of listed.values()) {
    const entry = entries.byName.get(f.path);
    if (!entry) {
      if (!entries.ambiguous.has(f.path)) errors.push(packageError('missingEntry', f.path));
    } else if (entry.uncompressedSize !== f.size) {
      errors.push(packageError('sizeMismatch', f.path, { expected: f.size, actual: entry.uncompressedSize }));
    } else {
      readable.push(f);
    }
  }
  return readable;
}

/** Compares the manifest's summary with the documents it summarises. */
function manifestMismatches(manifest: PackageManifest, body: PackageBody): PackageError[] {
  const { unit, project, submission } = body;
  const pairs: [string, unknown, unknown][] = [
    ['unit.id', manifest.unit.id, unit.id],
    ['unit.name', manifest.unit.name, unit.doc.name],
    ['unit.uscc', manifest.unit.uscc, unit.doc.uscc],
    ['unit.regionCode', manifest.unit.regionCode, unit.doc.regionCode],
    ['project.id', manifest.project.id, project.id],
    ['project.name', manifest.project.name, project.doc.name],
    ['project.taskCode', manifest.project.taskCode, project.doc.taskCode],
    ['submission.id', manifest.submission.id, submission.id],
    ['submission.year', manifest.submission.year, submission.doc.year],
    ['submission.status', manifest.submission.status, submission.doc.status],
    ['submission.snapshotSha256', manifest.submission.snapshotSha256, submission.doc.snapshotSha256],
  ];
  return pairs
    .filter(([, a, b]) => a !== b)
    .map(([field, a, b]) =>
      packageError(
        'manifestMismatch',
        MANIFEST_PATH,
        { manifest: String(a ?? ''), content: String(b ?? '') },
        { field },
      ),
    );
}

async function verify(bytes: Uint8Array): Promise<ReadResult> {
  const directory = readZipDirectory(bytes, LIMITS.maxEntries);
  if (!directory.ok) {
    const error =
      directory.reason === 'tooManyEntries'
        ? packageError('tooManyEntries', '', { count: directory.count, max: LIMITS.maxEntries })
        : packageError(directory.reason, '');
    return { ok: false, errors: [error] };
  }
  const errors: PackageError[] = [];
  const entries = screenEntries(directory.entries, errors);
  if (!entries) return { ok: false, errors };

  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes, { checkCRC32: false, createFolders: false });
  } catch {
    return { ok: false, errors: [...errors, packageError('truncated', '')] };
  }

  const read = await readManifest(zip, entries, errors);
  if (!read) return { ok: false, errors };
  const { manifest } = read;

  // Inflate and hash every listed entry; only those that match are used below.
  const verifiedData = new Map<string, Uint8Array>();
  const blobs = new Map<string, number | undefined>();
  // A blob that is present but fails its checks is reported as such, not as missing as well.
  for (const f of manifest.files) {
    if (f.path.startsWith(EVIDENCE_DIR) && (entries.byName.has(f.path) || entries.ambiguous.has(f.path))) {
      blobs.set(f.path.slice(EVIDENCE_DIR.length), undefined);
    }
  }
  for (const f of matchFiles(manifest, entries, errors)) {
    const isBlob = f.path.startsWith(EVIDENCE_DIR);
    const blobName = f.path.slice(EVIDENCE_DIR.length);
    const data = await readEntry(zip, entries.byName.get(f.path)!, errors);
    if (!data) continue;
    const actual = await sha256Hex(data);
    if (actual !== f.sha256) {
      errors.push(
        packageError('hashMismatch', f.path, {
          expected: f.sha256,
          actual,
          expectedShort: shortHash(f.sha256),
          actualShort: shortHash(actual),
        }),
      );
    } else if (isBlob && actual !== blobName) {
      // The manifest was made to agree with replaced bytes; the name still says what belongs here.
      errors.push(packageError('blobName', f.path, { actual, actualShort: shortHash(actual) }));
    } else {
      verifiedData.set(f.path, data);
      if (isBlob) blobs.set(blobName, data.byteLength);
    }
  }

  const json = verifiedData.get(SUBMISSION_PATH);
  if (!json) return { ok: false, errors };
  const parsed = parseJson(SUBMISSION_PATH, json);
  if (!parsed.ok) return { ok: false, errors: [...errors, parsed.error] };
  const checked = packageBodySchema.safeParse(parsed.value, { reportInput: true });
  if (!checked.success)
    return { ok: false, errors: [...errors, ...schemaErrors(SUBMISSION_PATH, checked.error.issues)] };
  const body = checked.data;
  errors.push(...manifestMismatches(manifest, body), ...checkBody(body, blobs));
  if (errors.length > 0) return { ok: false, errors };

  const content: PackageContent = { ...body, blobs: {} };
  for (const [path, data] of verifiedData) {
    if (path.startsWith(EVIDENCE_DIR)) content.blobs[path.slice(EVIDENCE_DIR.length)] = data;
  }
  return { ok: true, content, manifest, manifestSha256: read.sha256 } as { ok: true } & VerifiedPackage;
}
