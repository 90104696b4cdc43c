/**
 * What applying one mutation came to, before translation: rejections carry message keys so each
 * caller gets them in its own language.
 */
import { msg, type Message, type MessageParams } from '../../shared/i18n/message.ts';
import type { AppliedResult, MutationResult, RejectCode } from '../../shared/api/sync.ts';
import type { Translator } from '../../shared/i18n/index.ts';
import type { LocatedMessage } from '../http/errors.ts';

export interface Rejection {
  status: 'rejected';
  code: RejectCode;
  message: Message;
  retryable: boolean;
  details?: Record<string, unknown>;
  issues?: LocatedMessage[];
}

export type Outcome =
  | AppliedResult
  | { status: 'duplicate'; result: AppliedResult }
  | {
      status: 'conflict';
      serverRev: number;
      serverDoc: Record<string, unknown> | null;
      serverDeleted: boolean;
    }
  | Rejection;

/** Codes whose cause may go away by itself (a parent or blob still on its way). */
const RETRYABLE: ReadonlySet<RejectCode> = new Set(['notFound', 'parentMissing', 'blobMissing', 'internal']);

export function reject(
  code: RejectCode,
  params?: MessageParams,
  extra: { key?: string; details?: Record<string, unknown>; issues?: LocatedMessage[] } = {},
): Rejection {
  return {
    status: 'rejected',
    code,
    message: msg(extra.key ?? `api:reject.${code}`, params),
    retryable: RETRYABLE.has(code),
    ...(extra.details ? { details: extra.details } : {}),
    ...(extra.issues ? { issues: extra.issues } : {}),
  };
}

export function isRejection(x: unknown): x is Rejection {
  return (x as { status?: unknown } | null)?.status === 'rejected';
}

/** The outcome as the API answers it, in the caller's language. */
export function renderOutcome(o: Outcome, t: Translator): MutationResult {
  if (o.status !== 'rejected') return o;
  const issues = o.issues?.map((i) => ({ path: i.path, message: t.format(i.message) }));
  const first = issues?.[0];
  const reason =
    t.format(o.message) + (first ? `：${first.path ? `${first.path} ` : ''}${first.message}` : '');
  const details = issues ? { ...o.details, issues } : o.details;
  return {
    status: 'rejected',
    code: o.code,
    reason,
    retryable: o.retryable,
    ...(details ? { details } : {}),
  };
}
