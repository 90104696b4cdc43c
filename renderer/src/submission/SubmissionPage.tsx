import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { db } from '../db.ts';
import { SaveStatus } from './SaveStatus.tsx';
import { useEditor } from './editor-store.ts';
import { IndicatorGrid } from './IndicatorGrid.tsx';
import { FundingTable } from './FundingTable.tsx';
import { ReportEditor } from './ReportEditor.tsx';
import { EvidencePanel } from './EvidencePanel.tsx';
import { SelfEvaluation } from './SelfEvaluation.tsx';
import { ProblemList } from './ProblemList.tsx';
import { ExcelActions } from '../excel/ExcelActions.tsx';
import { ReportActions } from '../reports/ReportActions.tsx';
import { RecordSyncBadge } from '../sync/RecordSyncBadge.tsx';
import { PackageExportButton } from '../packages/PackageExportButton.tsx';
import { ReviewPanel } from '../province/ReviewPanel.tsx';
import { GradingPanel } from '../province/GradingPanel.tsx';
import { useUi, type SubmissionTab } from '../store/ui.ts';
import { useFormatMessage } from '../useMessage.ts';
import { getHost } from '../host/index.ts';
import { submissionDocument } from '../../../shared/db/index.ts';
import { daysUntil, deadlineOf } from '../../../shared/domain/deadline.ts';
import { isEditable } from '../../../shared/domain/submission-status.ts';

const TABS: SubmissionTab[] = ['indicators', 'funding', 'report', 'evidence', 'self', 'problems'];

/** Writes everything the submission holds to a JSON file, the way out when storage fails. */
async function exportWhatIsThere(submissionId: string, name: string): Promise<void> {
  const doc = await submissionDocument(db, submissionId);
  const data = new TextEncoder().encode(JSON.stringify(doc, null, 2));
  await getHost().saveFile({
    suggestedName: `${name}.json`,
    mimeType: 'application/json',
    data,
    filters: [{ name: 'JSON', extensions: ['json'] }],
  });
}

export function SubmissionPage({ submissionId }: { submissionId: string }) {
  const { t } = useTranslation();
  const format = useFormatMessage();
  const route = useUi((s) => s.route);
  const navigate = useUi((s) => s.navigate);
  const notify = useUi((s) => s.notify);
  const tab: SubmissionTab = route.name === 'submission' && route.tab ? route.tab : 'indicators';
  const status = useEditor((s) => s.status);
  const loadError = useEditor((s) => s.loadError);
  const load = useEditor((s) => s.load);
  const submission = useEditor((s) => s.submission);
  const project = useEditor((s) => s.project);
  const template = useEditor((s) => s.template);
  const task = useEditor((s) => s.task);
  // Primitives only: the page re-renders when a count changes, not on every keystroke.
  const hasCheck = useEditor((s) => !!s.check);
  const percent = useEditor((s) => Math.round((s.check?.overall ?? 0) * 100));
  const errorCount = useEditor((s) => s.check?.errorCount ?? 0);
  const warningCount = useEditor((s) => s.check?.warningCount ?? 0);
  const storageError = useEditor((s) => s.storageError);
  const clearStorageError = useEditor((s) => s.clearStorageError);
  const submit = useEditor((s) => s.submit);
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    void load(db, submissionId);
  }, [load, submissionId]);

  if (status === 'error')
    return (
      <p role="alert" className="field-error">
        {loadError ? format(loadError) : ''}
      </p>
    );
  if (status !== 'ready' || !submission || !project || !template || !task || !hasCheck)
    return <p className="loading">{t('app.loading')}</p>;

  const editable = isEditable(submission.status);
  const deadline = deadlineOf(submission.year, template.deadline);
  const days = daysUntil(deadline);
  const go = (next: SubmissionTab) => navigate({ name: 'submission', submissionId, tab: next });

  const onSubmit = async () => {
    setConfirming(false);
    const result = await submit();
    if (result.ok) notify('success', { key: 'editor:submit.done' });
    else if (result.issues.length) {
      notify('error', { key: 'editor:submit.refused', params: { count: result.issues.length } });
      go('problems');
    }
  };

  return (
    <section className="submission" aria-labelledby="submission-title">
      <div className="breadcrumb">
        <button
          type="button"
          className="link"
          onClick={() => navigate({ name: 'project', projectId: project.id })}
        >
          {project.name}
        </button>
      </div>
      <header className="submission-header">
        <div>
          <h2 id="submission-title">{t('editor:title', { year: submission.year, task: task.name })}</h2>
          <div className="muted">
            {project.level}
            {project.subType ? ` · ${project.subType}` : ''} · {t(`editor:status.${submission.status}`)}
          </div>
        </div>
        <div
          className={days < 0 ? 'countdown overdue' : days <= 7 ? 'countdown soon' : 'countdown'}
          role="status"
        >
          {days >= 0
            ? t('editor:countdown.left', {
                date: deadline.toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' }),
                days,
              })
            : t('editor:countdown.overdue', { days: -days })}
        </div>
        <div className="meter" aria-label={t('editor:completeness', { percent })}>
          <progress max={100} value={percent} />
          <span>{t('editor:completeness', { percent })}</span>
          <span className="muted">{t('editor:counts', { errors: errorCount, warnings: warningCount })}</span>
        </div>
        {editable ? (
          <button
            type="button"
            className="primary"
            onClick={() => (errorCount ? void onSubmit() : setConfirming(true))}
          >
            {submission.status === 'returned' ? t('editor:submit.resubmit') : t('editor:submit.button')}
          </button>
        ) : (
          <div className="receipt" aria-label={t('editor:receipt.label')}>
            <strong>{t('editor:receipt.locked')}</strong>
            {submission.submittedAt && (
              <div>
                {t('editor:receipt.at', { at: new Date(submission.submittedAt).toLocaleString('zh-CN') })}
              </div>
            )}
            {submission.snapshotSha256 && (
              <div className="mono" title={submission.snapshotSha256}>
                SHA-256 {submission.snapshotSha256.slice(0, 16)}…
              </div>
            )}
          </div>
        )}
      </header>

      <ReviewPanel />
      <GradingPanel />
      <div className="submission-actions">
        <SaveStatus />
        <RecordSyncBadge entity="submission" id={submission.id} />
        <ExcelActions />
        <ReportActions />
        <PackageExportButton
          submissionId={submission.id}
          fileName={t('sync:packageUi.fileName', { project: project.name, year: submission.year })}
        />
      </div>

      {storageError && (
        <div className="storage-error" role="alert">
          <p>{format(storageError)}</p>
          <button
            type="button"
            className="secondary"
            onClick={() => void exportWhatIsThere(submission.id, `${project.name}-${submission.year}`)}
          >
            {t('editor:storage.export')}
          </button>
          <button type="button" className="link" onClick={clearStorageError}>
            {t('action.dismiss')}
          </button>
        </div>
      )}

      {confirming && (
        <div className="confirm" role="dialog" aria-modal="true" aria-labelledby="confirm-title">
          <h3 id="confirm-title">{t('editor:submit.confirmTitle')}</h3>
          <p>{t('editor:submit.confirmText', { warnings: warningCount })}</p>
          <button type="button" className="primary" onClick={() => void onSubmit()}>
            {t('editor:submit.confirm')}
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            {t('editor:submit.cancel')}
          </button>
        </div>
      )}

      <div className="tabs" role="tablist" aria-label={t('editor:tabs.label')}>
        {TABS.map((x) => (
          <button
            key={x}
            type="button"
            role="tab"
            aria-selected={x === tab}
            className={x === tab ? 'tab active' : 'tab'}
            onClick={() => go(x)}
          >
            {t(`editor:tabs.${x}`)}
            {x === 'problems' && errorCount > 0 && <span className="count">{errorCount}</span>}
          </button>
        ))}
      </div>
      <div role="tabpanel" className="tab-panel">
        {tab === 'indicators' && <IndicatorGrid />}
        {tab === 'funding' && <FundingTable />}
        {tab === 'report' && <ReportEditor />}
        {tab === 'evidence' && <EvidencePanel />}
        {tab === 'self' && <SelfEvaluation />}
        {tab === 'problems' && <ProblemList />}
      </div>
    </section>
  );
}
