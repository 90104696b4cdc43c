/**
 * The per-cell difference between what a submission holds and what an imported fill-in workbook
 * says, shown to the user (old → new) before anything is applied, all or nothing.
 *
 * Blank cells: by default a blank incoming cell means "no change", never "erase". A workbook
 * generated before someone else filled a value in the app, or a sheet where the filler skipped
 * rows, must not silently wipe data. `{ blank: 'clear' }` is the explicit opt-in for "the
 * workbook is the whole truth": blanks then clear existing values (shown as changes to blank).
 */
import type { Value } from '../domain/expr/index.ts';
import { areaOf, field } from '../domain/fields.ts';
import { findTask, taskIndicators, type Indicator, type Template } from '../domain/template.ts';

/** One side of the comparison. Notes are keyed by indicator code (not by `note:` field name). */
export interface FillData {
  values: Record<string, Value>;
  targets: Record<string, Value>;
  notes: Record<string, string>;
}

export type FillChangeKind = 'value' | 'target' | 'note';

export interface FillChange {
  /** Where the change lands: the indicator code, `target:CODE`, or the note field `note:CODE`. */
  field: string;
  /** The indicator code the change belongs to. */
  code: string;
  /** The indicator's label; the UI adds （年度目标）/（备注） from `kind` (workbook:diff.*). */
  label: string;
  kind: FillChangeKind;
  before: Value;
  after: Value;
}

export interface FillDiffOptions {
  /** 'keep' (default): a blank incoming cell changes nothing. 'clear': it erases the current value. */
  blank?: 'keep' | 'clear';
}

export interface FillDiff {
  changes: FillChange[];
  /** Cells compared that stay as they are (equal, or blank and kept). */
  unchanged: number;
  /** Of those, blank incoming cells that were kept although the current value is not blank. */
  keptBlank: number;
}

export const targetField = (code: string): string => `target:${code}`;

function isBlank(v: Value | undefined): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

/** Equal as stored values; numbers within float noise (Excel round-trips 0.1 + 0.2 as 0.30000000000000004). */
function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  if (isBlank(a) && isBlank(b)) return true;
  if (typeof a === 'number' && typeof b === 'number')
    return a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  if (typeof a === 'string' && typeof b === 'string') return a.trim() === b.trim();
  return a === b;
}

/**
 * Differences for one task, in the template's order: per indicator its actual value, its target
 * and its note. Calculated indicators are skipped (the app computes them); incoming cells that
 * are absent (`undefined`) are not compared at all.
 */
export function diffFill(
  current: FillData,
  incoming: FillData,
  template: Template,
  taskCode: string,
  options: FillDiffOptions = {},
): FillDiff {
  const task = findTask(template, taskCode);
  if (!task) throw new Error(`task ${taskCode} is not in template ${template.id}`);
  const clearBlanks = options.blank === 'clear';
  const changes: FillChange[] = [];
  let unchanged = 0;
  let keptBlank = 0;

  const compare = (
    ind: Indicator,
    kind: FillChangeKind,
    fieldName: string,
    before: Value | undefined,
    after: Value | undefined,
  ) => {
    if (after === undefined) return;
    const b = isBlank(before) ? null : (before ?? null);
    if (isBlank(after) && !clearBlanks) {
      unchanged++;
      if (b !== null) keptBlank++;
      return;
    }
    const a = isBlank(after) ? null : after;
    if (sameValue(b, a)) {
      unchanged++;
      return;
    }
    changes.push({ field: fieldName, code: ind.code, label: ind.label, kind, before: b, after: a });
  };

  for (const ind of taskIndicators(task)) {
    if (ind.calculate) {
      // Only the note of a calculated indicator is the filler's to change.
      compare(ind, 'note', field.note(ind.code), current.notes[ind.code], incoming.notes[ind.code]);
      continue;
    }
    compare(ind, 'value', ind.code, current.values[ind.code], incoming.values[ind.code]);
    compare(ind, 'target', targetField(ind.code), current.targets[ind.code], incoming.targets[ind.code]);
    compare(ind, 'note', field.note(ind.code), current.notes[ind.code], incoming.notes[ind.code]);
  }
  return { changes, unchanged, keptBlank };
}

/**
 * The accepted changes in the shape the store applies in one transaction (`applyFillImport`):
 * values and note fields together, targets by indicator code.
 */
export function changesToImport(changes: FillChange[]): {
  values: Record<string, Value>;
  targets: Record<string, Value>;
} {
  const values: Record<string, Value> = {};
  const targets: Record<string, Value> = {};
  for (const c of changes) {
    if (c.kind === 'target') targets[c.code] = c.after;
    // A cleared note is stored as null, as the editor stores a note typed empty.
    else values[c.field] = c.after;
  }
  return { values, targets };
}

/**
 * A submission's fields as a fill-in workbook or an imported sheet sees them: indicator values,
 * this year's targets, and notes by indicator code (funding, report and score fields are not in it).
 */
export function fillDataOf(values: Record<string, Value>, targets: Record<string, Value>): FillData {
  const notes: Record<string, string> = {};
  const plain: Record<string, Value> = {};
  for (const [k, v] of Object.entries(values)) {
    const area = areaOf(k);
    if (area === 'note') notes[k.slice('note:'.length)] = String(v ?? '');
    else if (area === 'indicator') plain[k] = v;
  }
  return { values: plain, targets, notes };
}
