/** The status history of submissions: who moved it, when, why, and the hash of what was frozen. */
import type { Queryable } from '../db/types.ts';
import type { SubmissionEvent, TransitionResponse } from '../../shared/api/submissions.ts';
import type { SubmissionDocument } from '../../shared/db/records.ts';
import { toIso } from './time.ts';

interface RawEvent {
  action: SubmissionEvent['action'];
  from_status: SubmissionEvent['from'];
  to_status: SubmissionEvent['to'];
  rev: number;
  at: unknown;
  actor_id: string;
  actor_name: string;
  role: SubmissionEvent['role'];
  reason: string | null;
  sha256: string | null;
  package_sha256: string | null;
}

export async function insertEvent(
  q: Queryable,
  submissionId: string,
  e: SubmissionEvent,
  extra: { doc?: SubmissionDocument; requestId?: string; response?: TransitionResponse },
): Promise<void> {
  await q.query(
    `INSERT INTO submission_events (submission_id, action, from_status, to_status, rev, at, actor_id, actor_name,
       role, reason, sha256, doc, request_id, response, package_sha256)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13, $14::jsonb, $15)`,
    [
      submissionId,
      e.action,
      e.from,
      e.to,
      e.rev,
      e.at,
      e.actorId,
      e.actorName,
      e.role,
      e.reason,
      e.sha256,
      extra.doc ? JSON.stringify(extra.doc) : null,
      extra.requestId ?? null,
      extra.response ? JSON.stringify(extra.response) : null,
      e.packageSha256 ?? null,
    ],
  );
}

export async function eventsOf(q: Queryable, submissionId: string): Promise<SubmissionEvent[]> {
  const rows = await q.query<RawEvent>(
    `SELECT action, from_status, to_status, rev, at, actor_id, actor_name, role, reason, sha256, package_sha256
     FROM submission_events WHERE submission_id = $1 ORDER BY id`,
    [submissionId],
  );
  return rows.map((r) => ({
    action: r.action,
    from: r.from_status,
    to: r.to_status,
    rev: Number(r.rev),
    at: toIso(r.at),
    actorId: r.actor_id,
    actorName: r.actor_name,
    role: r.role,
    reason: r.reason,
    sha256: r.sha256,
    ...(r.package_sha256 ? { packageSha256: r.package_sha256 } : {}),
  }));
}

/** The answer stored for a request id, with who asked. */
export async function findByRequestId(
  q: Queryable,
  requestId: string,
): Promise<{ actorId: string; response: TransitionResponse } | undefined> {
  const rows = await q.query<{ actor_id: string; response: TransitionResponse }>(
    'SELECT actor_id, response FROM submission_events WHERE request_id = $1',
    [requestId],
  );
  return rows[0] && { actorId: rows[0].actor_id, response: rows[0].response };
}
