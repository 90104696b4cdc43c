/**
 * The submission document the receipt hash covers, built from the platform's records exactly as
 * the client builds it from IndexedDB (shared/db/repos/submissions.ts submissionDocument): accepted
 * values without blanks, evidence as {target, sha256, name} in the same order. Hashed with the
 * same hashDocument, so a unit can recompute the receipt's SHA-256 from its own copy.
 */
import type { SubmissionDocument } from '../../shared/db/records.ts';
import type { EvidenceDoc, SubmissionDoc } from '../../shared/api/entities.ts';
import type { Value } from '../../shared/domain/expr/index.ts';

export function submissionDocumentOf(
  submissionId: string,
  doc: SubmissionDoc,
  evidence: readonly EvidenceDoc[],
): SubmissionDocument {
  return {
    submissionId,
    projectId: doc.projectId,
    year: doc.year,
    values: Object.fromEntries(
      Object.entries(doc.values as Record<string, Value>).filter(([, v]) => v !== null),
    ),
    evidence: evidence
      .map((e) => ({ target: e.target, sha256: e.sha256, name: e.name }))
      .sort((a, b) => (a.target + a.sha256).localeCompare(b.target + b.sha256)),
  };
}
