/**
 * What a provincial office reads first after 15 December: for each task and each city, how many
 * submissions were expected, how many arrived, and how many arrived on time. Expected means one
 * submission per project and reporting year; received means the unit has submitted at least once
 * (returned and accepted ones count); on time means its submit time is by the template deadline
 * (China Standard Time). The submit time synced is the latest one, so a unit that resubmits after a
 * return past the deadline counts as late; the platform's status events hold the first submit.
 */
import type { SubmissionStatus } from '../db/records.ts';
import { deadlineOf } from './deadline.ts';
import { regionByCode } from './regions.ts';

export interface ProvinceRow {
  submissionId?: string;
  projectId: string;
  unitId: string;
  unitName: string;
  regionCode?: string;
  taskCode: string;
  year: number;
  status?: SubmissionStatus;
  submittedAt?: string;
  grade?: string;
}

export interface Tally {
  expected: number;
  received: number;
  onTime: number;
  late: number;
  accepted: number;
  returned: number;
}

export interface Completeness {
  total: Tally;
  byTask: Map<string, Tally>;
  /** Keyed by six-digit city code ('' when the unit has no region). */
  byCity: Map<string, Tally>;
}

const RECEIVED: ReadonlySet<SubmissionStatus> = new Set(['submitted', 'returned', 'resubmitted', 'accepted']);

function empty(): Tally {
  return { expected: 0, received: 0, onTime: 0, late: 0, accepted: 0, returned: 0 };
}

/** The six-digit code of the unit's city (its province for a municipality-level code). */
const cityCache = new Map<string, string>();

export function cityOf(regionCode: string | undefined): string {
  if (!regionCode) return '';
  let city = cityCache.get(regionCode);
  if (city === undefined) {
    const found = regionByCode(regionCode);
    city = found?.city?.code ?? found?.province.code ?? '';
    cityCache.set(regionCode, city);
  }
  return city;
}

export function completeness(rows: readonly ProvinceRow[], deadline: string): Completeness {
  const result: Completeness = { total: empty(), byTask: new Map(), byCity: new Map() };
  const deadlines = new Map<number, Date>();
  for (const r of rows) {
    const tallies = [
      result.total,
      result.byTask.get(r.taskCode) ?? result.byTask.set(r.taskCode, empty()).get(r.taskCode)!,
      result.byCity.get(cityOf(r.regionCode)) ??
        result.byCity.set(cityOf(r.regionCode), empty()).get(cityOf(r.regionCode))!,
    ];
    const received = r.status !== undefined && RECEIVED.has(r.status);
    let due = deadlines.get(r.year);
    if (!due) deadlines.set(r.year, (due = deadlineOf(r.year, deadline)));
    const onTime = received && !!r.submittedAt && new Date(r.submittedAt).getTime() <= due.getTime();
    for (const t of tallies) {
      t.expected++;
      if (received) t.received++;
      if (onTime) t.onTime++;
      else if (received) t.late++;
      if (r.status === 'accepted') t.accepted++;
      if (r.status === 'returned') t.returned++;
    }
  }
  return result;
}

export interface RowFilter {
  taskCode?: string;
  status?: SubmissionStatus | 'missing';
  cityCode?: string;
  /** A grade name, or UNGRADED for rows without a final grade. */
  grade?: string;
  /** Part of the unit's name or credit code. */
  text?: string;
}

/** The grade filter's value for rows not graded yet (no grade name is empty). */
export const UNGRADED = '';

export function filterRows<T extends ProvinceRow>(rows: readonly T[], f: RowFilter): T[] {
  const text = f.text?.trim();
  return rows.filter(
    (r) =>
      (!f.taskCode || r.taskCode === f.taskCode) &&
      (!f.status ||
        (f.status === 'missing' ? r.status === undefined || r.status === 'draft' : r.status === f.status)) &&
      (!f.cityCode || cityOf(r.regionCode) === f.cityCode) &&
      (f.grade === undefined || (f.grade === UNGRADED ? !r.grade : r.grade === f.grade)) &&
      (!text || r.unitName.includes(text)),
  );
}
