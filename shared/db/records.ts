/** What each IndexedDB table holds. Domain shapes come from shared/domain; these add storage fields. */
import type { Template, ProjectLevel } from '../domain/template.ts';
import type { UnitProfile } from '../domain/unit.ts';
import type { Value } from '../domain/expr/index.ts';

export type IsoTime = string;

export interface UnitRecord extends UnitProfile {
  updatedAt: IsoTime;
}

export interface TemplateRecord {
  /** `${id}@${version}`: versions of one template live side by side. */
  key: string;
  id: string;
  version: string;
  builtin: boolean;
  template: Template;
  storedAt: IsoTime;
}

export const MEMBER_ROLES = ['牵头', '核心成员', '成员', '支持单位'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export interface ProjectRecord {
  id: string;
  unitId: string;
  templateId: string;
  templateVersion: string;
  taskCode: string;
  level: ProjectLevel;
  subType?: string;
  name: string;
  members: { name: string; role: MemberRole; uscc?: string }[];
  /** 建设方案 yearly targets: year → indicator code → target value. */
  targets: Record<string, Record<string, Value>>;
  createdAt: IsoTime;
  updatedAt: IsoTime;
}

export const SUBMISSION_STATUSES = ['draft', 'submitted', 'returned', 'resubmitted', 'accepted'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export interface SubmissionRecord {
  id: string;
  projectId: string;
  year: number;
  status: SubmissionStatus;
  /** SHA-256 of the snapshot taken at the last submit/resubmit. */
  snapshotSha256?: string;
  submittedAt?: IsoTime;
  /** The platform's receipt for the last submit/resubmit, once it has it. */
  receipt?: SubmissionReceipt;
  createdAt: IsoTime;
  updatedAt: IsoTime;
}

/** Evidence (佐证材料) attached to an indicator or a report section; bytes live in attachments. */
export interface EvidenceRecord {
  id: string;
  submissionId: string;
  /** Indicator code or `report:<section>`. */
  target: string;
  sha256: string;
  name: string;
  mimeType: string;
  size: number;
  addedAt: IsoTime;
}

/** The frozen content of a submission at a status change, with its hash. */
export interface SnapshotRecord {
  id: string;
  submissionId: string;
  status: SubmissionStatus;
  at: IsoTime;
  actor: string;
  reason?: string;
  sha256: string;
  doc: SubmissionDocument;
}

export interface SubmissionDocument {
  submissionId: string;
  projectId: string;
  year: number;
  values: Record<string, Value>;
  evidence: { target: string; sha256: string; name: string }[];
}

/** A reviewer's comment pinned to a field or section. */
export interface CommentRecord {
  id: string;
  submissionId: string;
  field: string;
  text: string;
  author: string;
  at: IsoTime;
  resolved: boolean;
}

/** One 整改 item a reviewer lists for a low grade (see domain/rectification.ts for its status). */
export interface RectificationRecord {
  id: string;
  text: string;
  /** Its own due date (YYYY-MM-DD); when absent, the grade date + the band's dueDays. */
  dueOn?: string | null;
  /** Date it was put right (YYYY-MM-DD). */
  doneOn?: string | null;
  field?: string;
}

/**
 * A reviewer's scores of one submission at one stage (省评, 复核); the unit's own 自评 stays in the
 * submission's `score:` fields. One record per submission and stage, so each stage keeps its own
 * scores, and its id is derived from both (reviewIdFor) so two offline reviewers meet in a merge.
 */
export interface ReviewRecord {
  id: string;
  submissionId: string;
  stage: string;
  /** Code of the template's scoring combination (双高: school or group). */
  combination: string;
  /** `score:<slot>:<dimension>` → score, null when cleared. */
  scores: Record<string, number | null>;
  /** Date the grade was given (YYYY-MM-DD); the stage counts once it is dated and complete. */
  gradedOn?: string | null;
  rectification: RectificationRecord[];
  reviewer: string;
  updatedAt: IsoTime;
}

/** One indicator value of one submission; one row per field so each edit is its own small write. */
export interface ValueRecord {
  submissionId: string;
  /**
   * Indicator code, or a namespaced field of the submission: `fund:<source>:planned|received|spent`,
   * `report:<section>`, `score:<dimension>`, `score:conclusion`, `target:<code>` is not used here.
   */
  code: string;
  /** The last accepted value. */
  value: Value;
  /** What the user typed when it could not be accepted; kept so nothing typed is lost. */
  raw?: string;
  updatedAt: IsoTime;
  updatedBy: string;
}

export interface AttachmentRecord {
  sha256: string;
  name: string;
  mimeType: string;
  size: number;
  data: Uint8Array;
  storedAt: IsoTime;
}

export interface AuditRecord {
  id?: number;
  at: IsoTime;
  actor: string;
  entity: 'unit' | 'project' | 'submission' | 'value' | 'attachment' | 'template' | 'evidence' | 'review';
  entityId: string;
  field: string;
  before: unknown;
  after: unknown;
}

export interface MetaRecord {
  key: string;
  value: unknown;
}

/** What the platform answered when it recorded a submit or resubmit. */
export interface SubmissionReceipt {
  rev: number;
  at: IsoTime;
  sha256: string;
}

export const SYNC_ENTITIES = ['unit', 'project', 'submission', 'evidence', 'comment', 'review'] as const;
export type SyncEntity = (typeof SYNC_ENTITIES)[number];

export type SyncDoc = Record<string, unknown>;

/**
 * One change waiting to reach the platform. While unsealed it only says "this record changed"
 * (many keystrokes, one entry); when first sent it is sealed with the document and base revision,
 * so every retry of the same mutation id carries exactly what the first attempt carried.
 */
export interface OutboxRecord {
  seq?: number;
  mutationId: string;
  kind: 'doc' | 'transition';
  entity: SyncEntity;
  entityId: string;
  sealed?: { baseRev: number; doc: SyncDoc | null };
  transition?: { action: 'submit' | 'resubmit' | 'return' | 'accept'; reason?: string };
  createdAt: IsoTime;
  attempts: number;
  /** Not before this time (backoff after a failure). */
  nextTryAt?: IsoTime;
  lastError?: string;
  /** Refused for good (not retryable): kept for the user, never blocks other records. */
  stuck?: boolean;
}

/** What a record looked like when it last agreed with the platform: the base of a 3-way merge. */
export interface SyncStateRecord {
  /** `${entity}:${id}` */
  key: string;
  entity: SyncEntity;
  entityId: string;
  rev: number;
  baseDoc: SyncDoc | null;
  syncedAt: IsoTime;
}

export interface ConflictField {
  /** `status`, `name`, or `values.T01_01` for a submission field. */
  path: string;
  base: unknown;
  local: unknown;
  server: unknown;
}

/** Both sides changed the same fields: waits for the user to choose, field by field. */
export interface ConflictRecord {
  key: string;
  entity: SyncEntity;
  entityId: string;
  serverRev: number;
  serverDoc: SyncDoc | null;
  /** The merge of everything that did not collide; the user's choices are applied on top. */
  merged: SyncDoc;
  fields: ConflictField[];
  detectedAt: IsoTime;
}
