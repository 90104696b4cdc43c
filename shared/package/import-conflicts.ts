/**
 * What a package would change in a store that already holds some of it: the differences, located
 * by entity, id and field, for the UI to show before anything is overwritten. Helpers shared with
 * the import itself (the value cells, comparisons that ignore bookkeeping times) live here too.
 */
import canonicalize from 'canonicalize';
import type { TianbaoDb } from '../db/database.ts';
import type {
  CommentRecord,
  EvidenceRecord,
  ProjectRecord,
  SnapshotRecord,
  SubmissionRecord,
  UnitRecord,
  ValueRecord,
} from '../db/records.ts';
import type { Value } from '../domain/expr/index.ts';
import { msg, type Message } from '../i18n/message.ts';
import { evidenceEntity, projectEntity, submissionEntity } from './from-store.ts';
import type { PackageContent } from './format.ts';

export type ConflictEntity =
  'unit' | 'project' | 'submission' | 'value' | 'evidence' | 'comment' | 'snapshot';

/** One difference between the store and the package, located by entity, id and field. */
export interface ImportConflict {
  entity: ConflictEntity;
  id: string;
  field: string;
  /** What the store holds (null: nothing). */
  local: unknown;
  /** What the package holds (null: nothing). */
  incoming: unknown;
  /** False when replacing would be wrong as well (another unit's project, a second submission …). */
  replaceable: boolean;
  message: Message;
}

const K = 'sync:package.conflict.';

/** Structural equality that ignores key order and undefined fields, as the hashes do. */
export function same(a: unknown, b: unknown): boolean {
  return canonicalize(a ?? null) === canonicalize(b ?? null);
}

/** A value for a conflict message: short, and the same in every language. */
function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

export function without<T extends object>(
  record: T | undefined,
  keys: string[],
): Record<string, unknown> | undefined {
  if (!record) return undefined;
  return Object.fromEntries(Object.entries(record).filter(([k, v]) => !keys.includes(k) && v !== undefined));
}

/** Field-level differences of two flat documents. */
function fieldConflicts(
  entity: ConflictEntity,
  id: string,
  local: Record<string, unknown>,
  incoming: Record<string, unknown>,
  message: (field: string, l: unknown, i: unknown) => Message,
): ImportConflict[] {
  const keys = [...new Set([...Object.keys(local), ...Object.keys(incoming)])].sort();
  return keys
    .filter((k) => !same(local[k], incoming[k]))
    .map((field) => ({
      entity,
      id,
      field,
      local: local[field] ?? null,
      incoming: incoming[field] ?? null,
      replaceable: true,
      message: message(field, local[field], incoming[field]),
    }));
}

/** Bookkeeping times are not content: a re-export of the same data must not conflict. */
export const TIMES = ['createdAt', 'updatedAt'];

type EvidenceDoc = PackageContent['evidence'][number]['doc'];
type CommentDoc = PackageContent['comments'][number]['doc'];

export function sameEvidence(a: EvidenceDoc | undefined, b: EvidenceDoc | undefined): boolean {
  return same(without(a, ['addedAt']), without(b, ['addedAt']));
}

/** A comment as the store keeps it: the platform fills author and time when a package lacks them. */
export function storedComment(id: string, doc: CommentDoc, fallbackAt: string): CommentRecord {
  return { ...doc, id, author: doc.author ?? '', at: doc.at ?? fallbackAt };
}

export interface Local {
  unit?: UnitRecord;
  project?: ProjectRecord;
  submission?: SubmissionRecord;
  /** Another submission of the same project and year, under another id. */
  twin?: SubmissionRecord;
  rows: ValueRecord[];
  evidence: EvidenceRecord[];
  comments: CommentRecord[];
  snapshots: SnapshotRecord[];
  /**
   * Records of other submissions that the package's evidence, comments or snapshots would take
   * over: their ids are the package's ids (a hand-made or hostile package; ids are random).
   */
  foreign: { entity: 'evidence' | 'comment' | 'snapshot'; id: string; submissionId: string }[];
}

interface Cell {
  value: Value;
  raw?: string;
}

/** Values and refused input by code; a null value with nothing typed is the same as no row. */
export function cellsOf(
  values: Record<string, Value>,
  raw: Record<string, string> | undefined,
): Map<string, Cell> {
  const cells = new Map<string, Cell>();
  for (const [code, value] of Object.entries(values)) if (value !== null) cells.set(code, { value });
  for (const [code, text] of Object.entries(raw ?? {}))
    cells.set(code, { value: values[code] ?? null, raw: text });
  return cells;
}

export function cellsOfRows(rows: ValueRecord[]): Map<string, Cell> {
  const { doc } = submissionEntity(
    { id: '', projectId: '', year: 0, status: 'draft', createdAt: '', updatedAt: '' },
    rows,
  );
  return cellsOf(doc.values, doc.raw);
}

export function findConflicts(content: PackageContent, local: Local): ImportConflict[] {
  const { unit, project, submission } = content;
  const conflicts: ImportConflict[] = [];
  if (local.unit) {
    conflicts.push(
      ...fieldConflicts(
        'unit',
        unit.id,
        without(local.unit, TIMES)!,
        without(unit.doc, TIMES)!,
        (field, l, i) => msg(`${K}unit`, { name: unit.doc.name, field, local: shown(l), incoming: shown(i) }),
      ),
    );
  }
  if (local.project) {
    if (local.project.unitId !== project.doc.unitId) {
      conflicts.push({
        entity: 'project',
        id: project.id,
        field: 'unitId',
        local: local.project.unitId,
        incoming: project.doc.unitId,
        replaceable: false,
        message: msg(`${K}projectOwner`, {
          name: project.doc.name,
          local: local.project.unitId,
          incoming: project.doc.unitId,
        }),
      });
    } else {
      const before = without(projectEntity(local.project).doc, TIMES)!;
      conflicts.push(
        ...fieldConflicts('project', project.id, before, without(project.doc, TIMES)!, (field, l, i) =>
          msg(`${K}project`, { name: project.doc.name, field, local: shown(l), incoming: shown(i) }),
        ),
      );
    }
  }
  if (local.twin) {
    conflicts.push({
      entity: 'submission',
      id: submission.id,
      field: 'year',
      local: local.twin.id,
      incoming: submission.id,
      replaceable: false,
      message: msg(`${K}twin`, { year: submission.doc.year, local: local.twin.id, incoming: submission.id }),
    });
  }
  if (local.submission) conflicts.push(...submissionConflicts(content, local));
  for (const f of local.foreign) conflicts.push(foreignConflict(content, f));
  for (const s of content.snapshots) {
    const mine = local.snapshots.find((x) => x.id === s.id);
    if (mine && !same(mine, s)) {
      conflicts.push({
        entity: 'snapshot',
        id: s.id,
        field: 'sha256',
        local: mine.sha256,
        incoming: s.sha256,
        // A snapshot is a frozen receipt: two different ones under one id mean something is wrong.
        replaceable: false,
        message: msg(`${K}snapshot`, { at: s.at, local: mine.sha256, incoming: s.sha256 }),
      });
    }
  }
  for (const c of content.comments) {
    const mine = local.comments.find((x) => x.id === c.id);
    if (mine && !same(mine, storedComment(c.id, c.doc, mine.at))) {
      conflicts.push({
        entity: 'comment',
        id: c.id,
        field: c.doc.field,
        local: mine.text,
        incoming: c.doc.text,
        replaceable: true,
        message: msg(`${K}comment`, {
          field: c.doc.field,
          local: shown(mine.text),
          incoming: shown(c.doc.text),
        }),
      });
    }
  }
  return conflicts;
}

/**
 * A record of another submission under one of the package's ids: importing would overwrite it (or
 * fail on it), so it is never replaceable.
 */
function foreignConflict(content: PackageContent, f: Local['foreign'][number]): ImportConflict {
  const base = { entity: f.entity, id: f.id, local: f.submissionId, incoming: content.submission.id };
  if (f.entity === 'evidence') {
    const doc = content.evidence.find((e) => e.id === f.id)!.doc;
    return {
      ...base,
      field: doc.target,
      replaceable: false,
      message: msg(`${K}foreignEvidence`, {
        name: doc.name,
        field: doc.target,
        id: f.id,
        other: f.submissionId,
      }),
    };
  }
  if (f.entity === 'comment') {
    const doc = content.comments.find((c) => c.id === f.id)!.doc;
    return {
      ...base,
      field: doc.field,
      replaceable: false,
      message: msg(`${K}foreignComment`, { field: doc.field, id: f.id, other: f.submissionId }),
    };
  }
  const snapshot = content.snapshots.find((s) => s.id === f.id)!;
  return {
    ...base,
    field: 'id',
    replaceable: false,
    message: msg(`${K}foreignSnapshot`, { at: snapshot.at, id: f.id, other: f.submissionId }),
  };
}

/** The submission the store holds against the package's: status, receipt, every value, evidence. */
function submissionConflicts(content: PackageContent, local: Local): ImportConflict[] {
  const { submission } = content;
  const mine = local.submission!;
  const year = submission.doc.year;
  const conflicts: ImportConflict[] = [];
  const before = submissionEntity(mine, []).doc;
  if (before.projectId !== submission.doc.projectId) {
    conflicts.push({
      entity: 'submission',
      id: submission.id,
      field: 'projectId',
      local: before.projectId,
      incoming: submission.doc.projectId,
      replaceable: false,
      message: msg(`${K}submissionProject`, { local: before.projectId, incoming: submission.doc.projectId }),
    });
  }
  const head = (d: typeof before) => ({
    year: d.year,
    status: d.status,
    snapshotSha256: d.snapshotSha256,
    submittedAt: d.submittedAt,
  });
  conflicts.push(
    ...fieldConflicts('submission', submission.id, head(before), head(submission.doc), (field, l, i) =>
      msg(`${K}submission`, { year, field, local: shown(l), incoming: shown(i) }),
    ),
  );

  const localCells = cellsOfRows(local.rows);
  const incomingCells = cellsOf(submission.doc.values, submission.doc.raw);
  const codes = [...new Set([...localCells.keys(), ...incomingCells.keys()])].sort();
  for (const code of codes) {
    const l = localCells.get(code);
    const i = incomingCells.get(code);
    if (same(l, i)) continue;
    conflicts.push({
      entity: 'value',
      id: submission.id,
      field: code,
      local: l ?? null,
      incoming: i ?? null,
      replaceable: true,
      message: msg(`${K}value`, {
        year,
        field: code,
        local: shown(l?.raw ?? l?.value),
        incoming: shown(i?.raw ?? i?.value),
      }),
    });
  }

  const localEvidence = new Map(local.evidence.map((e) => [e.id, evidenceEntity(e).doc]));
  const incomingEvidence = new Map(content.evidence.map((e) => [e.id, e.doc]));
  for (const id of [...new Set([...localEvidence.keys(), ...incomingEvidence.keys()])].sort()) {
    const l = localEvidence.get(id);
    const i = incomingEvidence.get(id);
    if (sameEvidence(l, i)) continue;
    const kind = !l ? 'evidenceAdded' : !i ? 'evidenceRemoved' : 'evidenceChanged';
    const shownDoc = (i ?? l)!;
    conflicts.push({
      entity: 'evidence',
      id,
      field: shownDoc.target,
      local: l ? `${l.name} (${l.sha256})` : null,
      incoming: i ? `${i.name} (${i.sha256})` : null,
      replaceable: true,
      message: msg(`${K}${kind}`, { name: shownDoc.name, field: shownDoc.target }),
    });
  }
  return conflicts;
}

/** What the store holds of the package's records; read inside the import's own transaction. */
export async function readLocal(db: TianbaoDb, content: PackageContent): Promise<Local> {
  const { unit, project, submission } = content;
  const sid = submission.id;
  const twins = await db.submissions
    .where('[projectId+year]')
    .equals([submission.doc.projectId, submission.doc.year])
    .toArray();
  const twin = twins.find((s) => s.id !== sid);
  // The package's records by id, wherever they are: one of another submission must not be taken over.
  const foreign: Local['foreign'] = [];
  const others = async (
    entity: Local['foreign'][number]['entity'],
    table: { bulkGet(ids: string[]): Promise<({ id: string; submissionId: string } | undefined)[]> },
    ids: string[],
  ) => {
    for (const r of await table.bulkGet(ids))
      if (r && r.submissionId !== sid) foreign.push({ entity, id: r.id, submissionId: r.submissionId });
  };
  await others(
    'evidence',
    db.evidence,
    content.evidence.map((e) => e.id),
  );
  await others(
    'comment',
    db.comments,
    content.comments.map((c) => c.id),
  );
  await others(
    'snapshot',
    db.snapshots,
    content.snapshots.map((s) => s.id),
  );
  return {
    foreign,
    unit: await db.units.get(unit.id),
    project: await db.projects.get(project.id),
    submission: await db.submissions.get(sid),
    ...(twin ? { twin } : {}),
    rows: await db.values.where('submissionId').equals(sid).toArray(),
    evidence: await db.evidence.where('submissionId').equals(sid).toArray(),
    comments: await db.comments.where('submissionId').equals(sid).toArray(),
    snapshots: await db.snapshots.where('submissionId').equals(sid).toArray(),
  };
}
