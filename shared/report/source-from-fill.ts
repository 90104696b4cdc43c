/**
 * A filled fill-in workbook as a report source. The workbook carries indicator values, targets and
 * notes; report text, funding and evidence live only in the app (and in submission packages), so
 * a report from a workbook shows those parts as not filled in rather than inventing them.
 */
import { field } from '../domain/fields.ts';
import type { Value } from '../domain/expr/index.ts';
import type { Template } from '../domain/template.ts';
import type { FillMeta } from '../excel/fill-workbook.ts';
import { msg, type Message } from '../i18n/message.ts';
import type { ReportSource } from './source.ts';

export interface FillContent {
  meta: FillMeta;
  values: Record<string, Value>;
  targets: Record<string, Value>;
  notes: Record<string, string>;
}

/**
 * The task a single-task report is about: the one asked for, or the workbook's only task.
 * A workbook with several tasks needs the caller to say which.
 */
export function taskOfFill(
  meta: FillMeta,
  asked: string | undefined,
): { ok: true; task: string } | { ok: false; message: Message } {
  if (asked !== undefined) {
    if (meta.taskCodes.includes(asked)) return { ok: true, task: asked };
    return {
      ok: false,
      message: msg('document:error.taskNotInWorkbook', { task: asked, tasks: meta.taskCodes.join(', ') }),
    };
  }
  if (meta.taskCodes.length === 1) return { ok: true, task: meta.taskCodes[0]! };
  return { ok: false, message: msg('document:error.chooseTask', { tasks: meta.taskCodes.join(', ') }) };
}

export function sourceFromFill(
  content: FillContent,
  template: Template,
  taskCode: string,
  fallback: { unitName: string; year: number },
): ReportSource {
  const values: Record<string, Value> = { ...content.values };
  for (const [code, note] of Object.entries(content.notes)) if (note) values[field.note(code)] = note;
  return {
    template,
    taskCode,
    year: content.meta.year ?? fallback.year,
    unit: { name: content.meta.unitName ?? fallback.unitName },
    project: content.meta.projectName ? { name: content.meta.projectName } : undefined,
    values,
    targets: content.targets,
    lastYear: {},
    evidence: [],
  };
}
