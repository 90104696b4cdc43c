/**
 * Everything a report or summary needs about one submission, whichever way it arrived: the local
 * store, a filled fill-in workbook, or a submission package. Plain JSON so it can cross to a
 * worker or a CLI process unchanged; renderers (PDF, Word, Excel) read only this.
 */
import type { StoredReview } from '../domain/review.ts';
import type { Value } from '../domain/expr/index.ts';
import type { Template } from '../domain/template.ts';
import type { SubmissionStatus } from '../db/records.ts';

export interface ReportUnit {
  name: string;
  /** 统一社会信用代码. */
  uscc?: string;
  /** Six-digit GB/T 2260 code of the unit's city (or province). */
  regionCode?: string;
}

export interface ReportProject {
  name: string;
  level?: string;
  subType?: string;
}

export interface ReportEvidence {
  /** Indicator code or `report:<section>`. */
  target: string;
  name: string;
  sha256: string;
  size: number;
}

export interface ReportSource {
  template: Template;
  taskCode: string;
  year: number;
  unit: ReportUnit;
  project?: ReportProject;
  status?: SubmissionStatus;
  /** ISO time of the last submit/resubmit. */
  submittedAt?: string;
  /** SHA-256 of the snapshot frozen at the last submit. */
  snapshotSha256?: string;
  /**
   * This year's fields: indicator values by code plus the namespaced fields of
   * shared/domain/fields.ts (`note:`, `fund:<source>:planned|received|spent`, `report:<section>`).
   */
  values: Record<string, Value>;
  /** 年度目标 by indicator code. */
  targets: Record<string, Value>;
  /** Last year's indicator values by code, for 上年 and 同比. */
  lastYear: Record<string, Value>;
  evidence: ReportEvidence[];
  /** Reviewers' scores per stage (省评, 复核), for the final grade; none before review. */
  reviews?: StoredReview[];
}
