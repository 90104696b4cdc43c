/**
 * Importing a submission package (提交包) on the platform: a unit with no network hands its
 * province (or the platform directly) one file, and its records become the platform's.
 *
 * 1. The package is verified by shared/package readPackage (zip directory, manifest hash, every
 *    entry and evidence file against the manifest, the documents against the platform's schemas,
 *    a locked submission against its receipt hash). Any problem: 422 with every one, located.
 * 2. Who may: a unit user its own unit's packages, a province user packages of units in its
 *    province (the unit's region in the package and, for a unit the platform knows, there too),
 *    the ministry any. Otherwise 403.
 * 3. In one write transaction: what the platform holds of the package's records is compared with
 *    the package, bookkeeping times aside. Records it does not hold are created; records it holds
 *    the same are left alone (so importing a package twice writes nothing). Anything it holds
 *    differently is a conflict: 409 with every conflicting field and nothing written, unless a
 *    province or ministry user asks to replace and every conflict may be replaced. The one
 *    difference that is not a conflict is the unit's own submit done offline: the platform holds
 *    the draft (or returned) submission with exactly the package's content and the package says
 *    submitted (or resubmitted).
 * 4. Writes are new revisions with change-sequence numbers, as pushes write them, so units and
 *    provinces pull them as usual. Evidence bytes are hashed again and stored once by hash. A
 *    locked (submitted) submission keeps the package's status and snapshot hash, and its history
 *    gets an `import` event saying who imported which package when, with the frozen document.
 */
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../db/types.ts';
import { nextSeq, writeTransaction } from '../db/write.ts';
import type { EntityName, SubmissionDoc } from '../../shared/api/entities.ts';
import type { PackageConflict, PackageImportResponse, ImportedRecord } from '../../shared/api/packages.ts';
import type { SubmissionEvent } from '../../shared/api/submissions.ts';
import { isEditable, transition } from '../../shared/domain/submission-status.ts';
import { hashDocument } from '../../shared/db/repos/submissions.ts';
import type { SubmissionStatus } from '../../shared/db/records.ts';
import type { Translator } from '../../shared/i18n/index.ts';
import { msg, type Message } from '../../shared/i18n/message.ts';
import {
  evidencePath,
  formatPackageError,
  packageError,
  packageErrorJson,
  shortHash,
  type PackageContent,
  type PackageError,
} from '../../shared/package/format.ts';
import { readPackage } from '../../shared/package/read.ts';
import { canSeeUnit, canUseRegion, type Principal } from '../auth/principal.ts';
import type { BlobFiles } from '../blobs/files.ts';
import { ApiError, apiError } from '../http/errors.ts';
import { addBlobAndRef, blobSize, hasRef } from '../store/blobs.ts';
import {
  childrenOf,
  getEntitiesWithUnits,
  putEntity,
  submissionOfYear,
  type EntityRow,
} from '../store/entities.ts';
import { insertEvent } from '../store/events.ts';
import { getUnit, putUnit } from '../store/units.ts';
import { submissionDocumentOf } from '../submissions/document.ts';

export interface ImportOptions {
  replace: boolean;
  now: string;
  /** The caller's language, for the located problems of a refused package. */
  translator: Translator;
}

/** A record of the package as the platform would hold it. */
interface Incoming {
  entity: EntityName;
  id: string;
  parentId: string | null;
  doc: Record<string, unknown>;
  /** Fields that are bookkeeping, not content: a re-export must not conflict over them. */
  ignore: readonly string[];
}

interface Conflict {
  entity: EntityName;
  id: string;
  field: string;
  platform: unknown;
  package: unknown;
  replaceable: boolean;
  message: Message;
}

type Action = 'create' | 'update' | 'unchanged' | 'skip';

interface Planned {
  record: Incoming;
  current: EntityRow | undefined;
  action: Action;
}

const K = 'api:package.conflict.';

/** Structural equality that ignores key order and undefined fields, as the hashes do. */
function same(a: unknown, b: unknown): boolean {
  return canonicalize(a ?? null) === canonicalize(b ?? null);
}

function without(doc: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(doc).filter(([k, v]) => !keys.includes(k) && v !== undefined));
}

/** A value for a conflict message: short, and the same in every language. */
function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** 422 with every located problem, rendered in the caller's language. */
function invalid(errors: PackageError[], t: Translator): ApiError {
  return new ApiError(422, 'packageInvalid', msg('api:error.packageInvalid', { count: errors.length }), {
    issues: errors.map((e) => ({
      path: e.field ? `${e.entry}:${e.field}` : e.entry || '—',
      message: msg('api:package.issue', { text: formatPackageError(e, t) }),
    })),
    details: { errors: errors.map((e) => packageErrorJson(e, t)) },
  });
}

function conflictError(conflicts: Conflict[], replaceable: boolean, t: Translator): ApiError {
  const rendered: PackageConflict[] = conflicts.map((c) => ({
    entity: c.entity,
    id: c.id,
    field: c.field,
    platform: c.platform ?? null,
    package: c.package ?? null,
    replaceable: c.replaceable,
    message: t.format(c.message),
  }));
  return new ApiError(
    409,
    'packageConflict',
    msg(replaceable ? 'api:error.packageConflict' : 'api:error.packageConflictFixed', {
      count: conflicts.length,
    }),
    {
      issues: conflicts.map((c) => ({ path: `${c.entity}:${c.id}:${c.field}`, message: c.message })),
      details: { conflicts: rendered, replaceable },
    },
  );
}

/** The package's records in the platform's entity form, parents first. */
function incomingRecords(content: PackageContent): Incoming[] {
  const { unit, project, submission } = content;
  const records: Incoming[] = [
    { entity: 'unit', id: unit.id, parentId: null, doc: unit.doc, ignore: ['updatedAt'] },
    {
      entity: 'project',
      id: project.id,
      parentId: null,
      doc: project.doc,
      ignore: ['createdAt', 'updatedAt'],
    },
    {
      entity: 'submission',
      id: submission.id,
      parentId: project.id,
      doc: submission.doc,
      ignore: ['createdAt', 'updatedAt'],
    },
    ...content.evidence.map((e): Incoming => ({
      entity: 'evidence',
      id: e.id,
      parentId: submission.id,
      doc: e.doc,
      ignore: ['addedAt'],
    })),
  ];
  records.push(
    ...content.comments.map((c): Incoming => ({
      entity: 'comment',
      id: c.id,
      parentId: submission.id,
      doc: c.doc,
      ignore: [],
    })),
  );
  return records;
}

/** Field-level differences of two documents (one level deep). */
function fieldConflicts(
  r: Incoming,
  platform: Record<string, unknown>,
  key: string,
  params: Record<string, string | number>,
): Conflict[] {
  const a = without(platform, r.ignore);
  const b = without(r.doc, r.ignore);
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .sort()
    .filter((f) => !same(a[f], b[f]))
    .map((field) => ({
      entity: r.entity,
      id: r.id,
      field,
      platform: a[field] ?? null,
      package: b[field] ?? null,
      replaceable: true,
      message: msg(`${K}${key}`, { ...params, field, platform: shown(a[field]), package: shown(b[field]) }),
    }));
}

const HEAD = ['status', 'snapshotSha256', 'submittedAt'] as const;

function statusOf(doc: Record<string, unknown> | null | undefined): SubmissionStatus {
  return ((doc?.status as SubmissionStatus | undefined) ?? 'draft') as SubmissionStatus;
}

/** The submit (or resubmit) the unit did offline: what the package's status says happened next. */
function offlineSubmit(from: SubmissionStatus, to: SubmissionStatus): boolean {
  if (!isEditable(from) || from === to) return false;
  const t = transition(from, from === 'draft' ? 'submit' : 'resubmit', 'unit');
  return t.ok && t.to === to;
}

/** The submission the platform holds against the package's: project, year, status, every value. */
function submissionConflicts(r: Incoming, current: EntityRow): { conflicts: Conflict[]; submits: boolean } {
  const before = current.doc as SubmissionDoc;
  const after = r.doc as SubmissionDoc;
  const year = after.year;
  const conflicts: Conflict[] = [];
  for (const field of ['projectId', 'year'] as const) {
    if (before[field] !== after[field]) {
      conflicts.push({
        entity: 'submission',
        id: r.id,
        field,
        platform: before[field],
        package: after[field],
        replaceable: false,
        message: msg(`${K}immutable`, {
          field,
          platform: shown(before[field]),
          package: shown(after[field]),
        }),
      });
    }
  }
  for (const part of ['values', 'raw'] as const) {
    const a = before[part] ?? {};
    const b = after[part] ?? {};
    for (const code of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      if (same(a[code], b[code])) continue;
      conflicts.push({
        entity: 'submission',
        id: r.id,
        field: part === 'values' ? code : `raw.${code}`,
        platform: a[code] ?? null,
        package: b[code] ?? null,
        replaceable: true,
        message: msg(`${K}value`, { year, field: code, platform: shown(a[code]), package: shown(b[code]) }),
      });
    }
  }
  const submits = conflicts.length === 0 && offlineSubmit(statusOf(before), statusOf(after));
  if (!submits) {
    for (const field of HEAD) {
      if (same(before[field], after[field])) continue;
      conflicts.push({
        entity: 'submission',
        id: r.id,
        field,
        platform: before[field] ?? null,
        package: after[field] ?? null,
        replaceable: true,
        message: msg(`${K}submission`, {
          year,
          field,
          platform: shown(before[field]),
          package: shown(after[field]),
        }),
      });
    }
  }
  return { conflicts, submits };
}

function evidenceName(doc: Record<string, unknown> | null | undefined): string {
  return String(doc?.name ?? '');
}

/** Everything the import will do, or the conflicts and refusals that stop it. */
async function plan(
  tx: Queryable,
  p: Principal,
  content: PackageContent,
  now: string,
): Promise<{ planned: Planned[]; conflicts: Conflict[]; removed: EntityRow[] }> {
  const unitId = content.unit.id;
  const platformUnit = await getUnit(tx, unitId);
  // A unit the platform knows is judged by where the platform has it, not where the package says.
  if (platformUnit && !canSeeUnit(p, platformUnit))
    throw apiError(403, 'packageForbidden', { name: content.unit.doc.name });

  const records = incomingRecords(content);
  const held = await getEntitiesWithUnits(
    tx,
    records.map((r) => ({ entity: r.entity, id: r.id })),
  );
  const found = new Map(held.map((f) => [`${f.row.entity}:${f.row.id}`, f]));

  const conflicts: Conflict[] = [];
  const planned: Planned[] = [];
  const sid = content.submission.id;
  const submissionRow = found.get(`submission:${sid}`)?.row;
  // Evidence may be added where the unit could still add it: a new or editable submission.
  const evidenceOpen = !submissionRow || submissionRow.deleted || isEditable(statusOf(submissionRow.doc));

  for (const r of records) {
    const f = found.get(`${r.entity}:${r.id}`);
    // A unit answers reviewers' comments on the platform itself; only reviewers bring comments in.
    if (r.entity === 'comment' && p.role === 'unit') {
      planned.push({ record: r, current: f && f.row.unitId === unitId ? f.row : undefined, action: 'skip' });
      continue;
    }
    if (!f) {
      planned.push({ record: r, current: undefined, action: 'create' });
      if (r.entity === 'evidence' && !evidenceOpen) {
        conflicts.push({
          entity: 'evidence',
          id: r.id,
          field: String(r.doc.target),
          platform: null,
          package: `${evidenceName(r.doc)} (${String(r.doc.sha256)})`,
          replaceable: true,
          message: msg(`${K}evidenceAdded`, { name: evidenceName(r.doc), field: String(r.doc.target) }),
        });
      }
      continue;
    }
    const current = f.row;
    if (current.unitId !== unitId) {
      // Another unit's record under the same id: never shown to someone who may not see it.
      if (!f.unit || !canSeeUnit(p, f.unit)) throw apiError(403, 'forbidden');
      conflicts.push({
        entity: r.entity,
        id: r.id,
        field: 'unitId',
        platform: current.unitId,
        package: unitId,
        replaceable: false,
        message: msg(`${K}owner`, { entity: r.entity, id: r.id, platform: current.unitId, package: unitId }),
      });
      planned.push({ record: r, current, action: 'skip' });
      continue;
    }
    if ((r.entity === 'evidence' || r.entity === 'comment') && current.parentId !== r.parentId) {
      conflicts.push({
        entity: r.entity,
        id: r.id,
        field: 'submissionId',
        platform: current.parentId,
        package: r.parentId,
        replaceable: false,
        message: msg(`${K}parent`, { entity: r.entity, id: r.id, platform: shown(current.parentId) }),
      });
      planned.push({ record: r, current, action: 'skip' });
      continue;
    }
    if (current.deleted) {
      conflicts.push({
        entity: r.entity,
        id: r.id,
        field: '*',
        platform: null,
        package: r.doc,
        replaceable: true,
        message: msg(`${K}deleted`, { entity: r.entity, id: r.id }),
      });
      planned.push({ record: r, current, action: 'update' });
      continue;
    }
    let diffs: Conflict[];
    let submits = false;
    switch (r.entity) {
      case 'unit':
        diffs = fieldConflicts(r, current.doc!, 'unit', { name: String(r.doc.name) });
        break;
      case 'project':
        diffs = fieldConflicts(r, current.doc!, 'project', { name: String(r.doc.name) });
        break;
      case 'submission':
        ({ conflicts: diffs, submits } = submissionConflicts(r, current));
        break;
      case 'evidence': {
        const a = without(current.doc!, r.ignore);
        const b = without(r.doc, r.ignore);
        diffs = same(a, b)
          ? []
          : [
              {
                entity: 'evidence',
                id: r.id,
                field: String(r.doc.target),
                platform: `${evidenceName(a)} (${String(a.sha256)})`,
                package: `${evidenceName(b)} (${String(b.sha256)})`,
                replaceable: true,
                message: msg(`${K}evidenceChanged`, { name: evidenceName(b), field: String(r.doc.target) }),
              },
            ];
        break;
      }
      case 'review':
        // A package is a unit's own export and never carries reviewers' scores.
        throw new Error('a submission package carries no reviews');
      case 'comment': {
        // As a comment pushed by a reviewer is kept: its author and time are filled in once.
        const before = current.doc!;
        r.doc = { ...r.doc, author: r.doc.author ?? before.author, at: r.doc.at ?? before.at };
        diffs = fieldConflicts(r, before, 'comment', { target: String(r.doc.field) });
        break;
      }
    }
    conflicts.push(...diffs);
    const differs =
      diffs.length > 0 || submits || !same(without(current.doc!, r.ignore), without(r.doc, r.ignore));
    planned.push({ record: r, current, action: differs ? 'update' : 'unchanged' });
  }

  // New comments get their author and time as a reviewer's pushed comment would.
  for (const x of planned) {
    if (x.record.entity === 'comment' && !x.current) {
      x.record.doc = {
        ...x.record.doc,
        author: x.record.doc.author ?? p.displayName,
        at: x.record.doc.at ?? now,
      };
    }
  }

  const sub = content.submission;
  const twin = await submissionOfYear(tx, sub.doc.projectId, sub.doc.year, sid);
  if (twin) {
    conflicts.push({
      entity: 'submission',
      id: sid,
      field: 'year',
      platform: twin,
      package: sid,
      replaceable: false,
      message: msg(`${K}twin`, { year: sub.doc.year, platform: twin, package: sid }),
    });
  }

  // Evidence the platform holds for this submission and the package no longer has.
  const incomingEvidence = new Set(content.evidence.map((e) => e.id));
  const removed = submissionRow
    ? (await childrenOf(tx, 'evidence', sid)).filter((e) => !incomingEvidence.has(e.id))
    : [];
  for (const e of removed) {
    conflicts.push({
      entity: 'evidence',
      id: e.id,
      field: String(e.doc?.target ?? ''),
      platform: `${evidenceName(e.doc)} (${String(e.doc?.sha256 ?? '')})`,
      package: null,
      replaceable: true,
      message: msg(`${K}evidenceRemoved`, { name: evidenceName(e.doc), field: String(e.doc?.target ?? '') }),
    });
  }

  // A unit moves its own submission only as far as it could online: create it, submit it.
  if (p.role === 'unit' && !submissionRow) {
    const status = statusOf(sub.doc);
    if (status !== 'draft' && status !== 'submitted')
      throw apiError(403, 'packageStatusForbidden', { status });
  }
  return { planned, conflicts, removed };
}

export interface PackageStores {
  db: Db;
  files: BlobFiles;
}

/** Verifies the package and imports it (see the file comment); throws ApiError when it cannot. */
export async function importPackage(
  stores: PackageStores,
  p: Principal,
  bytes: Uint8Array,
  o: ImportOptions,
): Promise<PackageImportResponse> {
  if (o.replace && p.role === 'unit') throw apiError(403, 'replaceForbidden');
  const read = await readPackage(bytes);
  if (!read.ok) throw invalid(read.errors, o.translator);
  const { content, manifestSha256 } = read;

  const unit = content.unit;
  if (p.role === 'unit' ? p.unitId !== unit.id : !canUseRegion(p, unit.doc.regionCode))
    throw apiError(403, 'packageForbidden', { name: unit.doc.name });

  // The reader checked every blob against its name; checked again here, by this process, right
  // before the bytes become the platform's.
  const rehashed: PackageError[] = [];
  for (const [name, data] of Object.entries(content.blobs)) {
    const actual = sha256(data);
    if (actual !== name)
      rehashed.push(packageError('blobName', evidencePath(name), { actual, actualShort: shortHash(actual) }));
  }
  if (rehashed.length > 0) throw invalid(rehashed, o.translator);

  return writeTransaction(stores.db, async (tx) => {
    const { planned, conflicts, removed } = await plan(tx, p, content, o.now);
    if (conflicts.length > 0) {
      const replaceable = p.role !== 'unit' && conflicts.every((c) => c.replaceable);
      if (!o.replace || !replaceable) throw conflictError(conflicts, replaceable, o.translator);
    }

    const records: ImportedRecord[] = [];
    let submissionWritten: EntityRow | undefined;
    const submissionBefore = planned.find((x) => x.record.entity === 'submission')?.current;
    for (const x of planned) {
      const r = x.record;
      if (x.action === 'unchanged' || x.action === 'skip') {
        records.push({
          entity: r.entity,
          id: r.id,
          rev: x.current?.rev ?? 0,
          change: x.action === 'skip' ? 'skipped' : 'unchanged',
        });
        continue;
      }
      if (r.entity === 'unit') {
        const doc = r.doc as { name: string; regionCode: string };
        await putUnit(tx, { id: r.id, name: doc.name, regionCode: doc.regionCode }, o.now);
      }
      const row: EntityRow = {
        entity: r.entity,
        id: r.id,
        unitId: unit.id,
        parentId: r.parentId,
        rev: (x.current?.rev ?? 0) + 1,
        seq: await nextSeq(tx),
        deleted: false,
        doc: r.doc,
        updatedAt: o.now,
        updatedBy: p.userId,
      };
      await putEntity(tx, row);
      if (r.entity === 'submission') submissionWritten = row;
      records.push({ entity: r.entity, id: r.id, rev: row.rev, change: x.current ? 'updated' : 'created' });
    }
    for (const e of removed) {
      const rev = e.rev + 1;
      await putEntity(tx, {
        ...e,
        rev,
        seq: await nextSeq(tx),
        deleted: true,
        doc: null,
        updatedAt: o.now,
        updatedBy: p.userId,
      });
      records.push({ entity: 'evidence', id: e.id, rev, change: 'deleted' });
    }

    // Evidence bytes: stored once by hash; the unit's reference lets it and its province read them.
    // Owned as the unit's own uploads are (blobOwner of a unit user).
    const owner = `unit:${unit.id}`;
    let stored = 0;
    let present = 0;
    for (const [name, data] of Object.entries(content.blobs)) {
      const known = (await blobSize(tx, name)) !== undefined;
      const wroteFile = await stores.files.putObject(name, data);
      if (known && !wroteFile) present++;
      else stored++;
      if (!known || !(await hasRef(tx, name, owner)))
        await addBlobAndRef(tx, { sha256: name, size: data.byteLength, owner, unitId: unit.id }, o.now);
    }

    let event: SubmissionEvent | undefined;
    const doc = content.submission.doc;
    if (submissionWritten && !isEditable(doc.status)) {
      // The receipt hash of what is now on the platform, computed the way submit computes it.
      const frozen = submissionDocumentOf(
        submissionWritten.id,
        doc,
        content.evidence.map((e) => e.doc),
      );
      const actual = hashDocument(frozen);
      if (actual !== doc.snapshotSha256) {
        throw invalid(
          [
            packageError(
              'snapshotMismatch',
              'submission.json',
              {
                status: doc.status,
                expected: doc.snapshotSha256 ?? '',
                actual,
                expectedShort: shortHash(doc.snapshotSha256 ?? ''),
                actualShort: shortHash(actual),
              },
              { field: 'submission.doc.snapshotSha256' },
            ),
          ],
          o.translator,
        );
      }
      event = {
        action: 'import',
        from: submissionBefore && !submissionBefore.deleted ? statusOf(submissionBefore.doc) : 'draft',
        to: doc.status,
        rev: submissionWritten.rev,
        at: o.now,
        actorId: p.userId,
        actorName: p.displayName,
        role: p.role,
        reason: null,
        sha256: doc.snapshotSha256 ?? null,
        packageSha256: manifestSha256,
      };
      await insertEvent(tx, submissionWritten.id, event, { doc: frozen });
    }

    const wrote = records.some((r) => r.change !== 'unchanged' && r.change !== 'skipped');
    const outcome: PackageImportResponse['outcome'] =
      !submissionBefore && submissionWritten ? 'created' : wrote ? 'updated' : 'unchanged';
    return {
      outcome,
      submissionId: content.submission.id,
      manifestSha256,
      replaced: o.replace && conflicts.length > 0,
      records,
      blobs: { stored, present },
      ...(event ? { event } : {}),
    };
  });
}
