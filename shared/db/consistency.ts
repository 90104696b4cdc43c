/**
 * 检查本地数据: reads the whole local store and lists every record that does not fit the rest,
 * each located as `table[key]` with a translatable message. Read-only; nothing is repaired.
 *
 * - every value, evidence link, snapshot and comment belongs to an existing submission; every
 *   submission to an existing project, every project to an existing unit and a template in the store;
 * - every evidence link's SHA-256 has its file bytes, and (unless `verifyFiles: false`) the bytes
 *   hash to that name and have the recorded size;
 * - every outbox entry is well-formed and refers to an existing record, or is a deletion waiting
 *   to be sent (a sealed `doc: null`, or an evidence link removed locally);
 * - every audit row has its time, actor, entity, record and field;
 * - a value whose field the submission's template does not know is a warning (it is neither shown
 *   nor exported).
 *
 * All tables are read in one read-only transaction, so the check sees one moment of the store even
 * while the app writes; file bytes are hashed afterwards (Web Crypto would end the transaction).
 */
import type { TianbaoDb } from './database.ts';
import {
  SUBMISSION_STATUSES,
  SYNC_ENTITIES,
  type AttachmentRecord,
  type AuditRecord,
  type OutboxRecord,
  type SyncEntity,
} from './records.ts';
import { field, FUNDING_COLUMNS } from '../domain/fields.ts';
import { findTask, taskIndicators, type Template } from '../domain/template.ts';
import { msg, type Message } from '../i18n/message.ts';
import { sha256Hex } from '../util/sha256.ts';

export type ProblemSeverity = 'error' | 'warning';

export interface StoreProblem {
  severity: ProblemSeverity;
  /** The table the record is in. */
  table: string;
  /** The record's key as text (`s-1, T01_01` for a value row, `#12` for an audit row). */
  key: string;
  /** `diagnostics:check.*`; its `where` parameter is `table[key]`. */
  message: Message;
}

export interface ConsistencyReport {
  problems: StoreProblem[];
  /** Records read, by table. */
  checked: Record<string, number>;
}

export interface ConsistencyOptions {
  /** Hash every stored file and compare it with its name (default true; slower with many files). */
  verifyFiles?: boolean;
}

/** Tables in the order their records are counted and shown. */
export const CHECKED_TABLES = [
  'units',
  'projects',
  'submissions',
  'values',
  'evidence',
  'attachments',
  'snapshots',
  'comments',
  'reviews',
  'templates',
  'outbox',
  'audit',
  'meta',
] as const;

const AUDIT_ENTITIES: ReadonlySet<string> = new Set<AuditRecord['entity']>([
  'unit',
  'project',
  'submission',
  'value',
  'attachment',
  'template',
  'evidence',
]);
const TRANSITION_ACTIONS: ReadonlySet<string> = new Set(['submit', 'resubmit', 'return', 'accept']);
const STATUSES: ReadonlySet<string> = new Set(SUBMISSION_STATUSES);
const ENTITIES: ReadonlySet<string> = new Set(SYNC_ENTITIES);
/** Synced entities stored in tables besides the core ones, each row with a `submissionId`. */
const EXTRA_SYNCED: Record<string, string> = { review: 'reviews' };
/** Records the app removes locally (detaching evidence): an unsealed entry for a missing one is its deletion. */
const LOCALLY_DELETED: ReadonlySet<SyncEntity> = new Set(['evidence']);

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isTime = (v: unknown): boolean => typeof v === 'string' && !Number.isNaN(Date.parse(v));
const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function isValue(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  return typeof v === 'number' && Number.isFinite(v);
}

function kindOf(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Every field name a submission of `taskCode` can hold (see shared/domain/fields.ts). */
function knownFields(template: Template, taskCode: string): Set<string> | undefined {
  const task = findTask(template, taskCode);
  if (!task) return undefined;
  const known = new Set<string>([field.conclusion]);
  for (const ind of taskIndicators(task)) {
    known.add(ind.code);
    known.add(field.note(ind.code));
  }
  for (const s of template.funding?.sources ?? [])
    for (const c of FUNDING_COLUMNS) known.add(field.funding(s.code, c));
  for (const s of template.outline) known.add(field.report(s.code));
  for (const p of template.scoring?.parts ?? [])
    for (const d of p.dimensions) known.add(field.score(p.code, d.code));
  return known;
}

export async function checkStoreConsistency(
  db: TianbaoDb,
  options: ConsistencyOptions = {},
): Promise<ConsistencyReport> {
  const problems: StoreProblem[] = [];
  const checked: Record<string, number> = Object.fromEntries(CHECKED_TABLES.map((t) => [t, 0]));
  const report = (severity: ProblemSeverity, table: string, key: string, keyName: string, params = {}) =>
    problems.push({
      severity,
      table,
      key,
      message: msg(`diagnostics:check.${keyName}`, { where: `${table}[${key}]`, ...params }),
    });
  const error = (table: string, key: string, keyName: string, params: Record<string, string | number> = {}) =>
    report('error', table, key, keyName, params);

  const evidenceFiles = new Map<string, string[]>();
  let attachmentKeys: string[] = [];

  await db.transaction('r', db.tables, async () => {
    const units = await db.units.toArray();
    const templates = await db.templates.toArray();
    const projects = await db.projects.toArray();
    const submissions = await db.submissions.toArray();
    const meta = await db.meta.toArray();
    attachmentKeys = (await db.attachments.toCollection().primaryKeys()) as string[];
    Object.assign(checked, {
      units: units.length,
      templates: templates.length,
      projects: projects.length,
      submissions: submissions.length,
      meta: meta.length,
      attachments: attachmentKeys.length,
    });

    const unitIds = new Set(units.map((u) => u.id));
    const templateByKey = new Map(templates.map((t) => [t.key, t.template]));
    const projectById = new Map(projects.map((p) => [p.id, p]));
    const submissionIds = new Set(submissions.map((s) => s.id));
    const attachmentSet = new Set(attachmentKeys);

    const activeUnit = meta.find((m) => m.key === 'activeUnitId')?.value;
    if (typeof activeUnit === 'string' && activeUnit && !unitIds.has(activeUnit))
      error('meta', 'activeUnitId', 'activeUnitMissing', { id: activeUnit });

    for (const p of projects) {
      if (!unitIds.has(p.unitId)) error('projects', p.id, 'unitMissing', { id: String(p.unitId) });
      const key = `${p.templateId}@${p.templateVersion}`;
      const template = templateByKey.get(key);
      if (!template) error('projects', p.id, 'templateMissing', { template: key });
      else if (!findTask(template, p.taskCode))
        error('projects', p.id, 'taskMissing', { template: key, task: String(p.taskCode) });
    }

    /** Known field names per submission, when its project, template and task are all there. */
    const fieldsOf = new Map<string, { known: Set<string>; template: string; task: string }>();
    const fieldsByProject = new Map<string, Set<string> | undefined>();
    for (const s of submissions) {
      const p = projectById.get(s.projectId);
      if (!p) {
        error('submissions', s.id, 'projectMissing', { id: String(s.projectId) });
        continue;
      }
      if (!STATUSES.has(s.status)) error('submissions', s.id, 'statusInvalid', { status: String(s.status) });
      const template = templateByKey.get(`${p.templateId}@${p.templateVersion}`);
      if (!template) continue;
      if (!fieldsByProject.has(p.id)) fieldsByProject.set(p.id, knownFields(template, p.taskCode));
      const known = fieldsByProject.get(p.id);
      if (known)
        fieldsOf.set(s.id, { known, template: `${p.templateId}@${p.templateVersion}`, task: p.taskCode });
    }

    await db.values.each((v) => {
      checked.values!++;
      const key = `${v.submissionId}, ${v.code}`;
      if (!submissionIds.has(v.submissionId)) {
        error('values', key, 'submissionMissing', { id: String(v.submissionId) });
        return;
      }
      if (!isValue(v.value)) error('values', key, 'valueInvalid', { type: kindOf(v.value) });
      if (v.raw !== undefined && typeof v.raw !== 'string')
        error('values', key, 'valueInvalid', { type: kindOf(v.raw) });
      const fields = fieldsOf.get(v.submissionId);
      if (fields && !fields.known.has(v.code))
        report('warning', 'values', key, 'codeUnknown', {
          code: v.code,
          template: fields.template,
          task: fields.task,
        });
    });

    const evidenceIds = new Set<string>();
    await db.evidence.each((e) => {
      checked.evidence!++;
      evidenceIds.add(e.id);
      if (!submissionIds.has(e.submissionId))
        error('evidence', e.id, 'submissionMissing', { id: String(e.submissionId) });
      if (!attachmentSet.has(e.sha256)) error('evidence', e.id, 'fileMissing', { sha256: String(e.sha256) });
      else evidenceFiles.set(e.sha256, [...(evidenceFiles.get(e.sha256) ?? []), e.id]);
    });

    await db.snapshots.each((s) => {
      checked.snapshots!++;
      if (!submissionIds.has(s.submissionId))
        error('snapshots', s.id, 'submissionMissing', { id: String(s.submissionId) });
    });

    const commentIds = new Set<string>();
    await db.comments.each((c) => {
      checked.comments!++;
      commentIds.add(c.id);
      if (!submissionIds.has(c.submissionId))
        error('comments', c.id, 'submissionMissing', { id: String(c.submissionId) });
    });

    // Records of other synced tables (reviews, when the store has them) that belong to a submission.
    const idsOf: Record<string, Set<string>> = {
      unit: unitIds,
      project: new Set(projectById.keys()),
      submission: submissionIds,
      evidence: evidenceIds,
      comment: commentIds,
    };
    for (const [entity, table] of Object.entries(EXTRA_SYNCED)) {
      const t = db.tables.find((x) => x.name === table);
      if (!t) continue;
      const ids = new Set<string>();
      await t.each((r: { id: string; submissionId?: string }) => {
        checked[table] = (checked[table] ?? 0) + 1;
        ids.add(r.id);
        if (!submissionIds.has(String(r.submissionId)))
          error(table, r.id, 'submissionMissing', { id: String(r.submissionId) });
      });
      idsOf[entity] = ids;
    }
    /** The last doc entry of each record, in outbox order: what the record's sync will end with. */
    const lastDoc = new Map<string, OutboxRecord>();
    await db.outbox.orderBy('seq').each((o) => {
      checked.outbox!++;
      const key = `#${o.seq}`;
      const shape = (name: string) => error('outbox', key, 'outboxField', { field: name });
      if (!isText(o.mutationId)) shape('mutationId');
      if (!isText(o.entityId)) shape('entityId');
      if (!isCount(o.attempts)) shape('attempts');
      if (!isTime(o.createdAt)) shape('createdAt');
      if (!ENTITIES.has(o.entity)) return error('outbox', key, 'outboxEntity', { entity: String(o.entity) });
      if (o.kind === 'transition') {
        const action = o.transition?.action;
        if (o.entity !== 'submission' || !TRANSITION_ACTIONS.has(String(action)))
          error('outbox', key, 'outboxTransition', { action: String(action), entity: o.entity });
        else if (!submissionIds.has(o.entityId))
          error('outbox', key, 'outboxTarget', { entity: o.entity, id: String(o.entityId) });
        return;
      }
      if (o.kind !== 'doc') return error('outbox', key, 'outboxKind', { kind: String(o.kind) });
      if (o.sealed !== undefined) {
        const { baseRev, doc } = o.sealed ?? {};
        if (!isCount(baseRev)) shape('sealed.baseRev');
        if (doc === undefined || (doc !== null && typeof doc !== 'object')) shape('sealed.doc');
      }
      lastDoc.set(`${o.entity}:${o.entityId}`, o);
    });
    for (const o of lastDoc.values()) {
      if (idsOf[o.entity]?.has(o.entityId)) continue;
      const tombstone = o.sealed ? o.sealed.doc === null : LOCALLY_DELETED.has(o.entity);
      if (!tombstone)
        error('outbox', `#${o.seq}`, 'outboxTarget', { entity: o.entity, id: String(o.entityId) });
    }

    await db.audit.each((a) => {
      checked.audit!++;
      const key = `#${a.id}`;
      const bad = (name: string) => error('audit', key, 'auditField', { field: name });
      if (!isTime(a.at)) bad('at');
      if (!isText(a.actor)) bad('actor');
      if (!AUDIT_ENTITIES.has(a.entity)) bad('entity');
      if (!isText(a.entityId)) bad('entityId');
      if (!isText(a.field)) bad('field');
      if (!('before' in a) || a.before === undefined) bad('before');
      if (!('after' in a) || a.after === undefined) bad('after');
    });
  });

  if (options.verifyFiles !== false) {
    for (const sha256 of attachmentKeys) {
      // One file at a time: files may be up to 50 MB each.
      const file: AttachmentRecord | undefined = await db.attachments.get(sha256);
      if (!file) continue;
      const data = ArrayBuffer.isView(file.data)
        ? new Uint8Array(file.data.buffer, file.data.byteOffset, file.data.byteLength)
        : undefined;
      if (!data) {
        error('attachments', sha256, 'fileUnreadable');
        continue;
      }
      if (data.byteLength !== file.size)
        error('attachments', sha256, 'fileSize', { actual: data.byteLength, expected: String(file.size) });
      const actual = await sha256Hex(data);
      if (actual !== sha256) {
        const cited = evidenceFiles.get(sha256) ?? [];
        error('attachments', sha256, 'fileHash', { actual, evidence: cited.join(', ') || '—' });
      }
    }
  }

  const order = (p: StoreProblem) => CHECKED_TABLES.indexOf(p.table as (typeof CHECKED_TABLES)[number]);
  problems.sort(
    (a, b) =>
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
      order(a) - order(b) ||
      a.key.localeCompare(b.key),
  );
  return { problems, checked };
}
