/** A project's reporting years: status, due date and the button that opens each year's submission. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SubmissionRecord } from '../../../shared/db/index.ts';
import type { Template } from '../../../shared/domain/template.ts';
import { useFormatDate, useOpenSubmission, yearInfo, type YearInfo } from './ProjectCommon.ts';
import './project.css';

export function YearStatusTag({ info }: { info: YearInfo }) {
  const { t } = useTranslation('project');
  return (
    <span className="year-status">
      <span className={`status-tag status-${info.state}`}>{t(`status.${info.state}`)}</span>
      {info.overdue && <span className="status-tag status-overdue">{t('status.overdue')}</span>}
    </span>
  );
}

export function OpenSubmissionButton({ projectId, info }: { projectId: string; info: YearInfo }) {
  const { t } = useTranslation('project');
  const open = useOpenSubmission();
  const [busy, setBusy] = useState(false);
  // The visible words stay the start of the accessible name, so voice control users can say what they see.
  return (
    <button
      type="button"
      className="secondary small"
      aria-label={t('years.openYear', { year: info.year })}
      title={info.future ? t('years.notYetOpen') : undefined}
      disabled={busy || info.future}
      onClick={() => {
        setBusy(true);
        void open(projectId, info.year).finally(() => setBusy(false));
      }}
    >
      {t('years.open')}
    </button>
  );
}

function DueText({ info }: { info: YearInfo }) {
  const { t } = useTranslation('project');
  const formatDate = useFormatDate();
  const date = formatDate(info.deadline);
  // Only the open year needs a countdown; past and future years just show the date.
  const soon = info.days >= 0 && info.days <= 31 && !info.future && info.state !== 'accepted';
  return (
    <span className={info.overdue ? 'due due-overdue' : 'due'}>
      {date}
      {soon && <span className="muted"> {t('years.daysLeft', { count: info.days })}</span>}
    </span>
  );
}

interface YearsProps {
  projectId: string;
  template: Template;
  submissions: SubmissionRecord[];
}

function infosOf({ template, submissions }: YearsProps): YearInfo[] {
  const now = new Date();
  return template.years.map((year) =>
    yearInfo(
      template,
      year,
      submissions.find((s) => s.year === year),
      now,
    ),
  );
}

/** Years across (home cards: many projects on one screen). */
export function ProjectYearsStrip(props: YearsProps) {
  const { t } = useTranslation('project');
  const infos = infosOf(props);
  return (
    <table className="data-table years-strip">
      <thead>
        <tr>
          <th scope="row">{t('years.year')}</th>
          {infos.map((i) => (
            <th key={i.year} scope="col">
              {t('years.yearN', { year: i.year })}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">{t('years.status')}</th>
          {infos.map((i) => (
            <td key={i.year}>
              <YearStatusTag info={i} />
            </td>
          ))}
        </tr>
        <tr>
          <th scope="row">{t('years.deadline')}</th>
          {infos.map((i) => (
            <td key={i.year}>
              <DueText info={i} />
            </td>
          ))}
        </tr>
        <tr>
          <th scope="row">
            <span className="visually-hidden">{t('years.action')}</span>
          </th>
          {infos.map((i) => (
            <td key={i.year}>
              <OpenSubmissionButton projectId={props.projectId} info={i} />
            </td>
          ))}
        </tr>
      </tbody>
    </table>
  );
}

/** Years down (the project page's list of submissions). */
export function ProjectYearsList(props: YearsProps) {
  const { t } = useTranslation('project');
  const infos = infosOf(props);
  return (
    <table className="data-table years-list">
      <thead>
        <tr>
          <th scope="col">{t('years.year')}</th>
          <th scope="col">{t('years.status')}</th>
          <th scope="col">{t('years.deadline')}</th>
          <th scope="col">
            <span className="visually-hidden">{t('years.action')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {infos.map((i) => (
          <tr key={i.year}>
            <th scope="row">{t('years.yearN', { year: i.year })}</th>
            <td>
              <YearStatusTag info={i} />
            </td>
            <td>
              <DueText info={i} />
            </td>
            <td>
              <OpenSubmissionButton projectId={props.projectId} info={i} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
