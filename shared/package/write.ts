/**
 * Writes a submission package. The content is checked with the reader's own rules first, so the
 * app never hands a unit a file its province would refuse; a problem throws PackageWriteError with
 * the same located errors the reader would report.
 */
import canonicalize from 'canonicalize';
import JSZip from 'jszip';
import { sha256Hex, sha256HexSync } from '../util/sha256.ts';
import { nowIso } from '../util/ids.ts';
import { checkBody, schemaErrors } from './checks.ts';
import {
  evidencePath,
  LIMITS,
  MANIFEST_HASH_PATH,
  MANIFEST_PATH,
  mib,
  PACKAGE_FORMAT,
  PACKAGE_FORMAT_VERSION,
  packageBodySchema,
  packageError,
  SUBMISSION_PATH,
  type ManifestFile,
  type PackageBody,
  type PackageContent,
  type PackageError,
  type PackageManifest,
} from './format.ts';

export class PackageWriteError extends Error {
  constructor(readonly errors: PackageError[]) {
    super(`submission package not written: ${errors.map((e) => e.code).join(', ')}`);
    this.name = 'PackageWriteError';
  }
}

export interface WriteOptions {
  /** Defaults to now; also the entries' zip timestamps, so one content and time give one file. */
  createdAt?: string;
  appVersion?: string;
}

/** The SHA-256 the `manifest.sha256` entry holds: of the RFC 8785 canonical manifest. */
export function manifestHash(manifest: unknown): string {
  return sha256HexSync(canonicalize(manifest) ?? '');
}

function manifestOf(body: PackageBody, files: ManifestFile[], options: WriteOptions): PackageManifest {
  const { unit, project, submission } = body;
  return {
    format: PACKAGE_FORMAT,
    formatVersion: PACKAGE_FORMAT_VERSION,
    createdAt: options.createdAt ?? nowIso(),
    ...(options.appVersion ? { appVersion: options.appVersion } : {}),
    unit: { id: unit.id, name: unit.doc.name, uscc: unit.doc.uscc, regionCode: unit.doc.regionCode },
    project: { id: project.id, name: project.doc.name, taskCode: project.doc.taskCode },
    submission: {
      id: submission.id,
      year: submission.doc.year,
      status: submission.doc.status,
      ...(submission.doc.snapshotSha256 ? { snapshotSha256: submission.doc.snapshotSha256 } : {}),
    },
    files,
  };
}

export async function writePackage(content: PackageContent, options: WriteOptions = {}): Promise<Uint8Array> {
  const { blobs, ...rest } = content;
  const parsed = packageBodySchema.safeParse(rest, { reportInput: true });
  if (!parsed.success) throw new PackageWriteError(schemaErrors(SUBMISSION_PATH, parsed.error.issues));
  const body = parsed.data;

  const errors: PackageError[] = [];
  const sizes = new Map<string, number>();
  const shas = Object.keys(blobs).sort();
  for (const sha of shas) {
    const bytes = blobs[sha]!;
    const path = evidencePath(sha);
    if (bytes.byteLength > LIMITS.evidenceBytes) {
      errors.push(
        packageError('entryTooLarge', path, {
          sizeMb: mib(bytes.byteLength),
          maxMb: mib(LIMITS.evidenceBytes),
        }),
      );
      continue;
    }
    const actual = await sha256Hex(bytes);
    if (actual !== sha) errors.push(packageError('blobName', path, { actual }));
    else sizes.set(sha, bytes.byteLength);
  }
  errors.push(...checkBody(body, sizes));
  if (errors.length > 0) throw new PackageWriteError(errors);

  // Indented: a province's IT staff may well open it to see what came in.
  const json = new TextEncoder().encode(`${JSON.stringify(body, null, 2)}\n`);
  if (json.byteLength > LIMITS.submissionBytes) {
    throw new PackageWriteError([
      packageError('entryTooLarge', SUBMISSION_PATH, {
        sizeMb: mib(json.byteLength),
        maxMb: mib(LIMITS.submissionBytes),
      }),
    ]);
  }
  const files: ManifestFile[] = [
    { path: SUBMISSION_PATH, size: json.byteLength, sha256: await sha256Hex(json) },
  ];
  for (const sha of shas) files.push({ path: evidencePath(sha), size: blobs[sha]!.byteLength, sha256: sha });
  const total = files.reduce((n, f) => n + f.size, 0);
  if (total > LIMITS.totalBytes) {
    throw new PackageWriteError([
      packageError('tooLarge', '', { sizeMb: mib(total), maxMb: mib(LIMITS.totalBytes) }),
    ]);
  }

  const manifest = manifestOf(body, files, options);
  const date = new Date(manifest.createdAt);
  const zip = new JSZip();
  const deflate = { date, createFolders: false, compression: 'DEFLATE' } as const;
  zip.file(MANIFEST_PATH, `${JSON.stringify(manifest, null, 2)}\n`, deflate);
  zip.file(MANIFEST_HASH_PATH, `${manifestHash(manifest)}\n`, deflate);
  zip.file(SUBMISSION_PATH, json, deflate);
  // Evidence is PDF, images and Office files, compressed already; deflating again costs time for nothing.
  for (const sha of shas) {
    zip.file(evidencePath(sha), blobs[sha]!, { date, createFolders: false, compression: 'STORE' });
  }
  return zip.generateAsync({ type: 'uint8array', compressionOptions: { level: 6 } });
}
