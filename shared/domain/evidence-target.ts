/** What an evidence target names: an indicator of the task, a report section, or something unknown. */
import { areaOf } from './fields.ts';
import { taskIndicators, type Task, type Template } from './template.ts';

/** What an evidence target is, for grouping and labels: an indicator, a report section, or unknown. */
export type EvidenceTarget =
  | { kind: 'indicator'; code: string; label: string; order: number }
  | { kind: 'section'; code: string; title: string; order: number }
  | { kind: 'other'; code: string; order: number };

export function describeTarget(
  template: Template | undefined,
  task: Task | undefined,
  target: string,
): EvidenceTarget {
  if (areaOf(target) === 'report') {
    const code = target.slice('report:'.length);
    const at = template?.outline.findIndex((s) => s.code === code) ?? -1;
    if (at >= 0) return { kind: 'section', code, title: template!.outline[at]!.title, order: 100_000 + at };
  } else if (task) {
    const list = taskIndicators(task);
    const at = list.findIndex((i) => i.code === target);
    if (at >= 0) return { kind: 'indicator', code: target, label: list[at]!.label, order: at };
  }
  return { kind: 'other', code: target, order: 200_000 };
}
