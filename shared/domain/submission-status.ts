/**
 * The submission status machine, enforced in one place for the app, the CLI and the platform:
 * draft → submitted (locked) → returned (unlocked) → resubmitted → accepted.
 */
import type { SubmissionStatus } from '../db/records.ts';

export type Role = 'unit' | 'province' | 'ministry';
export type SubmissionAction = 'submit' | 'return' | 'resubmit' | 'accept';

const TRANSITIONS: Record<
  SubmissionAction,
  { from: SubmissionStatus[]; to: SubmissionStatus; roles: Role[] }
> = {
  submit: { from: ['draft'], to: 'submitted', roles: ['unit'] },
  return: { from: ['submitted', 'resubmitted'], to: 'returned', roles: ['province', 'ministry'] },
  resubmit: { from: ['returned'], to: 'resubmitted', roles: ['unit'] },
  accept: { from: ['submitted', 'resubmitted'], to: 'accepted', roles: ['province', 'ministry'] },
};

export type TransitionResult =
  | { ok: true; to: SubmissionStatus }
  | { ok: false; reason: 'wrongState' | 'wrongRole'; from: SubmissionStatus; action: SubmissionAction };

export function transition(from: SubmissionStatus, action: SubmissionAction, role: Role): TransitionResult {
  const t = TRANSITIONS[action];
  if (!t.roles.includes(role)) return { ok: false, reason: 'wrongRole', from, action };
  if (!t.from.includes(from)) return { ok: false, reason: 'wrongState', from, action };
  return { ok: true, to: t.to };
}

/** Only a draft or a returned submission can be edited by the unit. */
export function isEditable(status: SubmissionStatus): boolean {
  return status === 'draft' || status === 'returned';
}
