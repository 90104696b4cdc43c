/**
 * 省级审核: every unit of the region with its submission of the year, from sync or imported
 * packages. Completeness and timeliness by task and city come first (numbers and a chart); the
 * table below is virtualised so 1,000+ rows stay smooth, and filters by task, status, city, text.
 */
import { useDeferredValue, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLiveQuery } from 'dexie-react-hooks';
import { useVirtualizer } from '@tanstack/react-virtual';
import { db } from '../db.ts';
import { useUi } from '../store/ui.ts';
import { useSync } from '../sync/sync-service.ts';
import { listTemplates, loadProvinceRows, type ProvinceRowWithNames } from '../../../shared/db/index.ts';
import {
  cityOf,
  completeness,
  filterRows,
  UNGRADED,
  type RowFilter,
  type Tally,
} from '../../../shared/domain/province-stats.ts';
import { regionName } from '../../../shared/domain/regions.ts';
import { SUBMISSION_STATUSES } from '../../../shared/db/records.ts';
import type { Template } from '../../../shared/domain/template.ts';
import { currentYear } from '../pages/ProjectCommon.ts';
import { PackageImportButton } from '../packages/PackageImportButton.tsx';
import { SummaryExportButton } from '../reports/SummaryExportButton.tsx';
import { CompletenessChart } from './CompletenessChart.tsx';
import { ProvincialReport } from './ProvincialReport.tsx';
import './province.css';

const ROW_HEIGHT = 36;

export function ProvincePage() {
  const { t } = useTranslation('province');
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [year, setYear] = useState(() => currentYear(new Date()));
  // Templates and rows in one live query: one render when both are there, and the rows' reads
  // start as soon as the template is known instead of a render later.
  const data = useLiveQuery(async () => {
    const templates = await listTemplates(db);
    const template = (
      templates.find((r) => r.id === templateId) ??
      templates.find((r) => r.id === 'keytasks-2023') ??
      templates[0]
    )?.template;
    const rows = template ? await loadProvinceRows(db, { templateId: template.id, year, template }) : [];
    return { templates, template, rows };
  }, [templateId, year]);
  const templates = data?.templates;
  const template: Template | undefined = data?.template;
  const rows = data?.rows;
  const user = useSync((s) => s.status?.user);
  if (!templates || !rows || !template) return <p className="loading">{t('common:app.loading')}</p>;

  return (
    <section className="province" aria-labelledby="province-title">
      <div className="home-head">
        <div>
          <h2 id="province-title">{t('title')}</h2>
          <p className="muted">{user ? t('signedInAs', { name: user.displayName }) : t('notSignedIn')}</p>
        </div>
        <div className="home-actions">
          <label>
            {t('template')}{' '}
            <select value={template.id} onChange={(e) => setTemplateId(e.target.value)}>
              {[...new Map(templates.map((r) => [r.id, r])).values()].map((r) => (
                <option key={r.id} value={r.id}>
                  {r.template.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('year')}{' '}
            <select value={year} onChange={(e) => setYear(Number(e.target.value))}>
              {template.years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </label>
          <PackageImportButton actor={user?.displayName ?? t('reviewer')} />
          <SummaryExportButton template={template} year={year} />
        </div>
      </div>
      <Overview rows={rows} template={template} year={year} />
      <SubmissionTable rows={rows} template={template} />
      <ProvincialReport template={template} year={year} office={user?.displayName ?? t('reviewer')} />
    </section>
  );
}

function Overview({
  rows,
  template,
  year,
}: {
  rows: ProvinceRowWithNames[];
  template: Template;
  year: number;
}) {
  const { t } = useTranslation('province');
  const stats = useMemo(() => completeness(rows, template.deadline), [rows, template.deadline]);
  const [m, d] = template.deadline.split('-').map(Number);
  const line = (label: string, tally: Tally, key: string) => (
    <tr key={key}>
      <th scope="row">{label}</th>
      <td>{tally.expected}</td>
      <td>{tally.received}</td>
      <td>{tally.onTime}</td>
      <td>{tally.late}</td>
      <td>{tally.expected - tally.received}</td>
      <td>{tally.returned}</td>
      <td>{tally.accepted}</td>
    </tr>
  );
  const head = (
    <tr>
      <th scope="col" />
      {['expected', 'received', 'onTime', 'late', 'missing', 'returned', 'accepted'].map((k) => (
        <th key={k} scope="col">
          {t(`tally.${k}`)}
        </th>
      ))}
    </tr>
  );
  const taskName = (code: string) => template.tasks.find((x) => x.code === code)?.name ?? code;
  return (
    <div className="province-overview">
      <p className="province-headline" role="status">
        {t('headline', {
          expected: stats.total.expected,
          received: stats.total.received,
          onTime: stats.total.onTime,
          date: t('deadline', { year, month: m, day: d }),
        })}
      </p>
      <div className="province-tables">
        <table className="tally-table" aria-label={t('byTask')}>
          <caption>{t('byTask')}</caption>
          <thead>{head}</thead>
          <tbody>
            {template.tasks
              .filter((task) => stats.byTask.has(task.code))
              .map((task) => line(task.name, stats.byTask.get(task.code)!, task.code))}
            {line(t('total'), stats.total, 'total')}
          </tbody>
        </table>
        <table className="tally-table" aria-label={t('byCity')}>
          <caption>{t('byCity')}</caption>
          <thead>{head}</thead>
          <tbody>
            {[...stats.byCity.entries()]
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([code, tally]) =>
                line(code ? (regionName(code) ?? code) : t('noCity'), tally, code || 'none'),
              )}
          </tbody>
        </table>
      </div>
      <CompletenessChart
        title={t('chartTitle')}
        items={template.tasks
          .filter((task) => stats.byTask.has(task.code))
          .map((task) => ({ label: taskName(task.code), tally: stats.byTask.get(task.code)! }))}
      />
    </div>
  );
}

function SubmissionTable({ rows, template }: { rows: ProvinceRowWithNames[]; template: Template }) {
  const { t } = useTranslation('province');
  const navigate = useUi((s) => s.navigate);
  const [filter, setFilter] = useState<RowFilter>({});
  const deferred = useDeferredValue(filter);
  const shown = useMemo(() => filterRows(rows, deferred), [rows, deferred]);
  const cities = useMemo(
    () => [...new Set(rows.map((r) => cityOf(r.regionCode)).filter(Boolean))].sort(),
    [rows],
  );
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const taskName = (code: string) => template.tasks.find((x) => x.code === code)?.name ?? code;
  const set = (patch: RowFilter) => setFilter((f) => ({ ...f, ...patch }));

  return (
    <div className="province-list">
      <div className="province-filters" role="search">
        <label>
          {t('filter.task')}{' '}
          <select
            value={filter.taskCode ?? ''}
            onChange={(e) => set({ taskCode: e.target.value || undefined })}
          >
            <option value="">{t('filter.all')}</option>
            {template.tasks.map((x) => (
              <option key={x.code} value={x.code}>
                {x.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('filter.status')}{' '}
          <select
            value={filter.status ?? ''}
            onChange={(e) => set({ status: (e.target.value || undefined) as RowFilter['status'] })}
          >
            <option value="">{t('filter.all')}</option>
            <option value="missing">{t('status.missing')}</option>
            {SUBMISSION_STATUSES.filter((s) => s !== 'draft').map((s) => (
              <option key={s} value={s}>
                {t(`editor:status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('filter.city')}{' '}
          <select
            value={filter.cityCode ?? ''}
            onChange={(e) => set({ cityCode: e.target.value || undefined })}
          >
            <option value="">{t('filter.all')}</option>
            {cities.map((c) => (
              <option key={c} value={c}>
                {regionName(c) ?? c}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('filter.grade')}{' '}
          <select
            value={filter.grade === undefined ? '*' : filter.grade}
            onChange={(e) => set({ grade: e.target.value === '*' ? undefined : e.target.value })}
          >
            <option value="*">{t('filter.all')}</option>
            {template.grades.map((g) => (
              <option key={g.name} value={g.name}>
                {g.name}
              </option>
            ))}
            <option value={UNGRADED}>{t('filter.ungraded')}</option>
          </select>
        </label>
        <label>
          {t('filter.text')}{' '}
          <input type="search" value={filter.text ?? ''} onChange={(e) => set({ text: e.target.value })} />
        </label>
        <span className="muted" role="status">
          {t('count', { shown: shown.length, total: rows.length })}
        </span>
      </div>
      <div className="province-scroll" ref={scrollRef}>
        <table className="province-table" aria-rowcount={shown.length + 1}>
          <thead>
            <tr>
              <th scope="col">{t('col.unit')}</th>
              <th scope="col">{t('col.city')}</th>
              <th scope="col">{t('col.task')}</th>
              <th scope="col">{t('col.project')}</th>
              <th scope="col">{t('col.status')}</th>
              <th scope="col">{t('col.submittedAt')}</th>
              <th scope="col">{t('col.score')}</th>
              <th scope="col">{t('col.grade')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('col.action')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {top > 0 && (
              <tr aria-hidden="true" className="spacer" style={{ height: top }}>
                <td colSpan={9} />
              </tr>
            )}
            {items.map((v) => {
              const r = shown[v.index]!;
              const city = cityOf(r.regionCode);
              return (
                <tr key={r.projectId} style={{ height: ROW_HEIGHT }} aria-rowindex={v.index + 2}>
                  <th scope="row">{r.unitName}</th>
                  <td>{city ? (regionName(city) ?? city) : '—'}</td>
                  <td>{taskName(r.taskCode)}</td>
                  <td>{r.projectName}</td>
                  <td>
                    <span className={`status-tag status-${r.status ?? 'missing'}`}>
                      {r.status && r.status !== 'draft'
                        ? t(`editor:status.${r.status}`)
                        : t('status.missing')}
                    </span>
                  </td>
                  <td>{r.submittedAt ? new Date(r.submittedAt).toLocaleString('zh-CN') : '—'}</td>
                  <td>{r.score === undefined ? '—' : r.score.toFixed(2)}</td>
                  <td>{r.grade ?? '—'}</td>
                  <td>
                    {r.submissionId && r.status && r.status !== 'draft' && (
                      <button
                        type="button"
                        className="text-button"
                        onClick={() => navigate({ name: 'submission', submissionId: r.submissionId! })}
                        aria-label={t('open', { unit: r.unitName, task: taskName(r.taskCode) })}
                      >
                        {t('review')}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
            {bottom > 0 && (
              <tr aria-hidden="true" className="spacer" style={{ height: bottom }}>
                <td colSpan={9} />
              </tr>
            )}
          </tbody>
        </table>
        {shown.length === 0 && <p className="empty-state">{t('empty')}</p>}
      </div>
    </div>
  );
}
