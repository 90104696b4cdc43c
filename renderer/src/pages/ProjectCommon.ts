/** Helpers shared by the home and project pages: templates by version, year status, dates, opening a year. */
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../db.ts';
import { useUi } from '../store/ui.ts';
import {
  ensureSubmission,
  toStorageError,
  type SubmissionRecord,
  type SubmissionStatus,
} from '../../../shared/db/index.ts';
import type { Template } from '../../../shared/domain/template.ts';
import { daysUntil, deadlineOf } from '../../../shared/domain/deadline.ts';
import type { Message } from '../../../shared/i18n/message.ts';

/** Who the audit log names for edits made in this app until sign-in exists. */
export const ACTOR = 'local-user';
export const DEFAULT_TEMPLATE_ID = 'keytasks-2023';

/** Errors of a form, keyed by field path (`name`, `members.<key>.uscc` …). */
export type FieldErrors = Record<string, Message[]>;

/**
 * Every stored template version by `id@version`: a project is shown with the version it was created
 * under, even after a newer version of its template arrives.
 */
export function useTemplateVersions(): Map<string, Template> | undefined {
  return useLiveQuery(
    async () => new Map((await db.templates.toArray()).map((r) => [r.key, r.template])),
    [],
  );
}

/** Deadlines are Beijing dates, so "this year" is the year in Beijing too (it matters on 31 December). */
export function currentYear(now: Date = new Date()): number {
  return new Date(now.getTime() + 8 * 3600 * 1000).getUTCFullYear();
}

export type YearState = SubmissionStatus | 'notStarted';

export interface YearInfo {
  year: number;
  state: YearState;
  deadline: Date;
  /** Whole days to the deadline; negative once passed. */
  days: number;
  /** The deadline passed while the unit still holds the pen. */
  overdue: boolean;
  /** A year that has not begun cannot be reported yet. */
  future: boolean;
}

const UNIT_HOLDS_PEN: readonly YearState[] = ['notStarted', 'draft', 'returned'];

export function yearInfo(
  template: Template,
  year: number,
  submission: SubmissionRecord | undefined,
  now: Date = new Date(),
): YearInfo {
  const deadline = deadlineOf(year, template.deadline);
  const days = daysUntil(deadline, now);
  const state: YearState = submission?.status ?? 'notStarted';
  return {
    year,
    state,
    deadline,
    days,
    overdue: days < 0 && UNIT_HOLDS_PEN.includes(state),
    future: year > currentYear(now),
  };
}

/** Dates as the reader's language writes them (2026年12月15日 / December 15, 2026), in Beijing time. */
export function useFormatDate(): (date: Date) => string {
  const { i18n } = useTranslation();
  const locale = i18n.language;
  return useMemo(() => {
    const f = new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      timeZone: 'Asia/Shanghai',
    });
    return (date: Date) => f.format(date);
  }, [locale]);
}

/** Creates the year's submission on first open, then goes there; a storage failure is told, not swallowed. */
export function useOpenSubmission(): (projectId: string, year: number) => Promise<void> {
  const navigate = useUi((s) => s.navigate);
  const notify = useUi((s) => s.notify);
  return useCallback(
    async (projectId: string, year: number) => {
      try {
        const submission = await ensureSubmission(db, projectId, year);
        navigate({ name: 'submission', submissionId: submission.id });
      } catch (e) {
        notify('error', toStorageError(e).userMessage);
      }
    },
    [navigate, notify],
  );
}
