/** What changed between two versions of a submission, field by field (for a resubmission after a return). */
import type { Value } from './expr/index.ts';

export interface FieldChange {
  code: string;
  before: Value;
  after: Value;
}

export function diffValues(before: Record<string, Value>, after: Record<string, Value>): FieldChange[] {
  const codes = new Set([...Object.keys(before), ...Object.keys(after)]);
  const out: FieldChange[] = [];
  for (const code of codes) {
    const b = before[code] ?? null;
    const a = after[code] ?? null;
    if (b !== a) out.push({ code, before: b, after: a });
  }
  return out.sort((x, y) => x.code.localeCompare(y.code));
}
