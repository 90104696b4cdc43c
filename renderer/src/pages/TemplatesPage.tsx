import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../db.ts';
import { listTemplates } from '../../../shared/db/index.ts';
import { taskIndicators, type Indicator } from '../../../shared/domain/template.ts';

function range(ind: Indicator): string {
  const scale = ind.type === 'percent' ? 100 : 1;
  const fmt = (n: number) => `${Number((n * scale).toFixed(6))}`;
  if (ind.min === undefined && ind.max === undefined) return '';
  return `${ind.min === undefined ? '' : fmt(ind.min)} ~ ${ind.max === undefined ? '' : fmt(ind.max)}`;
}

/** Read-only view of the templates in the store: tasks, targets, indicators, rules, outline. */
export function TemplatesPage() {
  const { t } = useTranslation();
  const templates = useLiveQuery(() => listTemplates(db), []);
  const [templateId, setTemplateId] = useState<string>();
  const [taskCode, setTaskCode] = useState<string>();
  if (!templates) return <p className="loading">{t('app.loading')}</p>;
  const record = templates.find((r) => r.id === templateId) ?? templates[0];
  if (!record) return <p>{t('templates.none')}</p>;
  const template = record.template;
  const task = template.tasks.find((x) => x.code === taskCode) ?? template.tasks[0]!;

  return (
    <section className="templates" aria-labelledby="templates-title">
      <h2 id="templates-title">{t('templates.title')}</h2>
      <div className="template-picker">
        <label>
          {t('templates.template')}{' '}
          <select value={record.id} onChange={(e) => setTemplateId(e.target.value)}>
            {templates.map((r) => (
              <option key={r.key} value={r.id}>
                {r.template.name}（{r.version}）
              </option>
            ))}
          </select>
        </label>
        <span className="muted">
          {template.issuer} · {t('templates.deadline', { date: template.deadline })} ·{' '}
          {t('templates.grades', { grades: template.grades.map((g) => g.name).join(' / ') })}
        </span>
      </div>
      <div className="template-body">
        <nav className="task-list" aria-label={t('templates.tasks')}>
          <ol>
            {template.tasks.map((x) => (
              <li key={x.code}>
                <button
                  type="button"
                  className={x.code === task.code ? 'task-item active' : 'task-item'}
                  aria-current={x.code === task.code ? 'true' : undefined}
                  onClick={() => setTaskCode(x.code)}
                >
                  {x.name}
                </button>
              </li>
            ))}
          </ol>
        </nav>
        <div className="task-detail">
          <h3>{task.name}</h3>
          <p>{task.description}</p>
          {task.nationalTargets.length > 0 && (
            <ul className="targets" aria-label={t('templates.nationalTargets')}>
              {task.nationalTargets.map((n, i) => (
                <li key={i}>{n.text}</li>
              ))}
            </ul>
          )}
          <table className="data-table">
            <caption>{t('templates.indicators', { count: taskIndicators(task).length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('templates.col.code')}</th>
                <th scope="col">{t('templates.col.label')}</th>
                <th scope="col">{t('templates.col.type')}</th>
                <th scope="col">{t('templates.col.unit')}</th>
                <th scope="col">{t('templates.col.required')}</th>
                <th scope="col">{t('templates.col.range')}</th>
                <th scope="col">{t('templates.col.evidence')}</th>
              </tr>
            </thead>
            {task.groups.map((g) => (
              <tbody key={g.code}>
                <tr className="group-row">
                  <th colSpan={7} scope="rowgroup">
                    {g.name}
                  </th>
                </tr>
                {g.indicators.map((ind) => (
                  <tr key={ind.code}>
                    <td className="mono">{ind.code}</td>
                    <td>
                      {ind.label}
                      {ind.calculate && <span className="tag">{t('templates.calculated')}</span>}
                    </td>
                    <td>{t(`indicatorType.${ind.type}`)}</td>
                    <td>{ind.unit}</td>
                    <td>{ind.required ? t('form.yes') : ''}</td>
                    <td>{range(ind)}</td>
                    <td>{ind.evidenceRequired ? t('form.yes') : ''}</td>
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
          <h4>{t('templates.rules')}</h4>
          <ul className="rules">
            {task.rules.map((r) => (
              <li key={r.id}>
                <code>{r.expr}</code> — {r.message}{' '}
                <span className={`tag tag-${r.severity}`}>{t(`severity.${r.severity}`)}</span>
              </li>
            ))}
          </ul>
          <h4>{t('templates.outline')}</h4>
          <ol className="outline">
            {template.outline.map((s) => (
              <li key={s.code}>
                <strong>{s.title}</strong>
                {s.maxChars && (
                  <span className="muted"> {t('templates.maxChars', { count: s.maxChars })}</span>
                )}
                <div className="muted">{s.guidance}</div>
              </li>
            ))}
          </ol>
        </div>
      </div>
    </section>
  );
}
