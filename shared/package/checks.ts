/**
 * Checks on a package's documents that a schema cannot express: the records point at each other,
 * the evidence bytes are there, and the frozen hashes match the content. The writer runs them too,
 * so the app never produces a package the reader would refuse.
 */
import type { z } from 'zod';
import type { SubmissionDocument } from '../db/records.ts';
import { hashDocument } from '../db/repos/submissions.ts';
import { isEditable } from '../domain/submission-status.ts';
import { UNIT_TYPES } from '../domain/unit.ts';
import { msg, type Message, type MessageParams } from '../i18n/message.ts';
import {
  evidencePath,
  packageError,
  shortHash,
  SUBMISSION_PATH,
  type PackageBody,
  type PackageError,
} from './format.ts';

/* ------------------------------------------------------------------ schema issues */

const TOO_BIG_ORIGINS = new Set(['string', 'number', 'array']);

function originOf(origin: string): string {
  const o = origin === 'int' || origin === 'bigint' ? 'number' : origin;
  return TOO_BIG_ORIGINS.has(o) ? o : 'other';
}

/** What is wrong with one value, as a message of its own (rendered after the location). */
function issueDetail(issue: z.core.$ZodIssue): Message {
  // The unit profile schema words its problems as i18n keys already (validation:unit.…).
  if (/^(validation|sync):/.test(issue.message)) {
    if (issue.message === 'validation:unit.type.invalid') {
      return msg(issue.message, { allowed: UNIT_TYPES.join('、') });
    }
    const params =
      issue.code === 'custom' ? (issue.params as { i18n?: MessageParams } | undefined)?.i18n : undefined;
    return msg(issue.message, params);
  }
  const S = 'sync:package.schema.';
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? msg(`${S}required`)
        : msg(`${S}invalidType`, { expected: issue.expected });
    case 'too_big':
      return msg(`${S}tooBig.${originOf(issue.origin)}`, { maximum: String(issue.maximum) });
    case 'too_small':
      return msg(`${S}tooSmall.${originOf(issue.origin)}`, { minimum: String(issue.minimum) });
    case 'invalid_format':
      return msg(`${S}invalidFormat`, { format: issue.format });
    case 'unrecognized_keys':
      return msg(`${S}unrecognizedKeys`, { keys: issue.keys.join(', ') });
    case 'invalid_value':
      return msg(`${S}invalidValue`, { values: issue.values.map((v) => JSON.stringify(v)).join(' | ') });
    default:
      return msg(`${S}invalid`);
  }
}

/** Every zod issue as a located error: the entry, and the dotted path of the field inside it. */
export function schemaErrors(entry: string, issues: readonly z.core.$ZodIssue[]): PackageError[] {
  return issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    const detail = issueDetail(issue);
    // The document as a whole (an unknown top-level key …) has no field to name.
    return field === ''
      ? packageError('schema', entry, {}, { detail, key: 'sync:package.error.schemaRoot' })
      : packageError('schema', entry, {}, { field, detail });
  });
}

/* ------------------------------------------------------------------ content */

/**
 * The submission's content in the shape shared/db/repos/submissions.ts `submissionDocument`
 * builds from the store: the same fields, null values left out, evidence in the same order. Its
 * hash must equal the receipt hash of a locked submission.
 */
export function submissionDocumentOf(body: PackageBody): SubmissionDocument {
  const { id, doc } = body.submission;
  return {
    submissionId: id,
    projectId: doc.projectId,
    year: doc.year,
    values: Object.fromEntries(Object.entries(doc.values).filter(([, v]) => v !== null)),
    evidence: body.evidence
      .map((e) => ({ target: e.doc.target, sha256: e.doc.sha256, name: e.doc.name }))
      .sort((a, b) => (a.target + a.sha256).localeCompare(b.target + b.sha256)),
  };
}

function duplicateIds(list: { id: string }[], prefix: string, errors: PackageError[]): void {
  const seen = new Set<string>();
  list.forEach((item, i) => {
    if (seen.has(item.id)) {
      errors.push(
        packageError('duplicateId', SUBMISSION_PATH, { id: item.id }, { field: `${prefix}.${i}.id` }),
      );
    }
    seen.add(item.id);
  });
}

function reference(errors: PackageError[], field: string, expected: string, actual: string): void {
  if (expected !== actual) {
    errors.push(packageError('reference', SUBMISSION_PATH, { expected, actual }, { field }));
  }
}

/**
 * Cross-checks a schema-valid body. `blobs` maps each evidence blob the package holds to its
 * verified size, or to undefined when the blob is there but failed its own checks (already
 * reported, so it is neither "missing" nor size-checked again).
 */
export function checkBody(body: PackageBody, blobs: ReadonlyMap<string, number | undefined>): PackageError[] {
  const errors: PackageError[] = [];
  const { unit, project, submission } = body;
  reference(errors, 'unit.doc.id', unit.id, unit.doc.id);
  reference(errors, 'project.doc.unitId', unit.id, project.doc.unitId);
  reference(errors, 'submission.doc.projectId', project.id, submission.doc.projectId);
  body.evidence.forEach((e, i) =>
    reference(errors, `evidence.${i}.doc.submissionId`, submission.id, e.doc.submissionId),
  );
  body.comments.forEach((c, i) =>
    reference(errors, `comments.${i}.doc.submissionId`, submission.id, c.doc.submissionId),
  );
  body.snapshots.forEach((s, i) => {
    reference(errors, `snapshots.${i}.submissionId`, submission.id, s.submissionId);
    reference(errors, `snapshots.${i}.doc.submissionId`, submission.id, s.doc.submissionId);
  });
  duplicateIds(body.evidence, 'evidence', errors);
  duplicateIds(body.comments, 'comments', errors);
  duplicateIds(body.snapshots, 'snapshots', errors);

  // Each snapshot carries the hash of its own frozen document.
  body.snapshots.forEach((s, i) => {
    const actual = hashDocument(s.doc);
    if (actual !== s.sha256) {
      errors.push(
        packageError(
          'snapshotHash',
          SUBMISSION_PATH,
          { expected: s.sha256, actual, expectedShort: shortHash(s.sha256), actualShort: shortHash(actual) },
          { field: `snapshots.${i}.sha256` },
        ),
      );
    }
  });

  // A locked submission is exactly what was frozen: its content must hash to the receipt.
  const { status, snapshotSha256 } = submission.doc;
  if (!isEditable(status)) {
    if (!snapshotSha256) {
      errors.push(
        packageError(
          'snapshotMissing',
          SUBMISSION_PATH,
          { status },
          { field: 'submission.doc.snapshotSha256' },
        ),
      );
    } else {
      const actual = hashDocument(submissionDocumentOf(body));
      if (actual !== snapshotSha256) {
        errors.push(
          packageError(
            'snapshotMismatch',
            SUBMISSION_PATH,
            {
              status,
              expected: snapshotSha256,
              actual,
              expectedShort: shortHash(snapshotSha256),
              actualShort: shortHash(actual),
            },
            { field: 'submission.doc.snapshotSha256' },
          ),
        );
      }
    }
  }

  const referenced = new Set<string>();
  body.evidence.forEach((e, i) => {
    const { sha256, name, size } = e.doc;
    referenced.add(sha256);
    const field = `evidence.${i}.doc.sha256`;
    if (!blobs.has(sha256)) {
      errors.push(
        packageError('blobMissing', SUBMISSION_PATH, { name, sha256, path: evidencePath(sha256) }, { field }),
      );
      return;
    }
    const actual = blobs.get(sha256);
    if (actual !== undefined && actual !== size) {
      errors.push(
        packageError(
          'blobSize',
          SUBMISSION_PATH,
          { name, expected: size, actual },
          { field: `evidence.${i}.doc.size` },
        ),
      );
    }
  });
  for (const sha256 of blobs.keys()) {
    if (!referenced.has(sha256)) errors.push(packageError('blobUnreferenced', evidencePath(sha256)));
  }
  return errors;
}
