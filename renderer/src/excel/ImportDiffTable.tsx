import { useTranslation } from 'react-i18next';
import type { FillChange } from '../../../shared/excel/fill-diff.ts';
import { taskIndicators, type Task, type Template } from '../../../shared/domain/template.ts';
import { formatValue } from '../../../shared/domain/value-input.ts';
import type { Value } from '../../../shared/domain/expr/index.ts';

/** Old → new for every cell an import would change, values shown as the grid shows them. */
export function ImportDiffTable({
  changes,
  template,
  task,
  label,
}: {
  changes: FillChange[];
  template: Template;
  task: Task;
  label: string;
}) {
  const { t } = useTranslation();
  const indicators = new Map(taskIndicators(task).map((i) => [i.code, i]));
  const show = (c: FillChange, v: Value) => {
    const ind = indicators.get(c.code);
    return c.kind === 'note' || !ind
      ? String(v ?? '')
      : formatValue(ind, v, { choices: ind.choices ? template.choiceLists[ind.choices] : [] });
  };
  return (
    <div className="import-diff-wrap">
      <table className="data-table compact" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">{t('editor:excel.col.indicator')}</th>
            <th scope="col">{t('editor:excel.col.kind')}</th>
            <th scope="col">{t('editor:excel.col.before')}</th>
            <th scope="col">{t('editor:excel.col.after')}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={c.field}>
              <th scope="row">{c.label}</th>
              <td>{t(`editor:excel.kind.${c.kind}`)}</td>
              <td className="col-num muted">{show(c, c.before)}</td>
              <td className="col-num">{show(c, c.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
