/** Messages between the page and the Excel worker; workbooks are parsed off the UI thread. */
import type { Template } from '../../../shared/domain/template.ts';
import type { FillWorkbookOptions } from '../../../shared/excel/fill-workbook.ts';
import type { WorkbookError } from '../../../shared/excel/errors.ts';

/** The submission as the fill-in workbook sees it, and one cell of the diff (defined in shared/). */
export type { FillData as FillState, FillChange } from '../../../shared/excel/fill-diff.ts';
import type { FillData as FillState, FillChange } from '../../../shared/excel/fill-diff.ts';

export type ExcelRequest =
  | { id: number; type: 'write-fill'; template: Template; options: FillWorkbookOptions }
  | {
      id: number;
      type: 'read-fill';
      bytes: Uint8Array;
      template: Template;
      taskCode: string;
      current: FillState;
    };

export type ReadFillOutcome =
  | { ok: true; changes: FillChange[]; unchanged: number; errors: WorkbookError[]; incoming: FillState }
  | { ok: false; errors: WorkbookError[] };

export type ExcelResponse =
  | { id: number; type: 'progress'; stage: 'reading' | 'checking' | 'writing' }
  | { id: number; type: 'done'; bytes?: Uint8Array; read?: ReadFillOutcome }
  | { id: number; type: 'failed'; detail: string };
