/**
 * Template load and rule evaluation of the built-in 11-task template.
 * References: JSON.parse of the same template (the floor for any load), and the same checks
 * written as plain hand-coded JavaScript (the floor for any rule engine).
 */
import { keyTasks2023 } from '../../shared/templates/keytasks-2023.ts';
import { parseTemplate } from '../../shared/domain/template-check.ts';
import { evaluateTask, type Values } from '../../shared/domain/evaluate-task.ts';
import { taskIndicators, type Template } from '../../shared/domain/template.ts';
import { result, timeMedian, type Bench } from './harness.ts';

function sampleValues(template: Template): Values {
  const values: Values = {};
  let n = 7;
  for (const task of template.tasks)
    for (const ind of taskIndicators(task)) {
      n = (n * 31 + 17) % 997;
      if (ind.calculate) continue;
      values[ind.code] =
        ind.type === 'percent'
          ? (n % 100) / 100
          : ind.type === 'boolean'
            ? n % 2 === 0
            : ind.type === 'text'
              ? '说明'
              : ind.type === 'date'
                ? '2025-06-30'
                : ind.type === 'choice'
                  ? null
                  : n;
    }
  return values;
}

/** The hand-written floor: required + min/max for every indicator, no rule language at all. */
function handWritten(template: Template, values: Values): number {
  let problems = 0;
  for (const task of template.tasks)
    for (const ind of taskIndicators(task)) {
      const v = values[ind.code];
      if (v === null || v === undefined) {
        if (ind.required) problems++;
        continue;
      }
      if (
        typeof v === 'number' &&
        ((ind.min !== undefined && v < ind.min) || (ind.max !== undefined && v > ind.max))
      )
        problems++;
    }
  return problems;
}

export const templateBench: Bench = {
  name: 'template',
  async run() {
    const json = JSON.stringify(keyTasks2023);
    const load = timeMedian(() => {
      const r = parseTemplate(JSON.parse(json));
      if (!r.ok) throw new Error('template invalid');
    });
    const bareParse = timeMedian(() => JSON.parse(json));

    const parsed = parseTemplate(JSON.parse(json));
    if (!parsed.ok) throw new Error('template invalid');
    const template = parsed.template;
    const values = sampleValues(template);
    const evalAll = timeMedian(() => {
      for (const task of template.tasks) evaluateTask(template, task.code, values);
    }, 200);
    const floor = timeMedian(() => handWritten(template, values), 200);
    return [
      result('template.load+validate (11 tasks)', load, 'ms', 'JSON.parse same template', bareParse),
      result(
        'rules.evaluate all 11 tasks',
        evalAll,
        'ms',
        'hand-written required+range loop',
        floor,
        '< 5 ms per keystroke',
      ),
    ];
  },
};
