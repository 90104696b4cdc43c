import { useTranslation } from 'react-i18next';
import { useEditor } from './editor-store.ts';
import { useUi, type SubmissionTab } from '../store/ui.ts';
import { useFormatMessage } from '../useMessage.ts';
import type { IssueArea, SubmissionIssue } from '../../../shared/domain/submission-checks.ts';

const TAB_OF: Record<IssueArea, SubmissionTab> = {
  indicator: 'indicators',
  evidence: 'indicators',
  funding: 'funding',
  report: 'report',
  score: 'self',
};

/** Every problem of the submission; each one jumps to its field. */
export function ProblemList({ only }: { only?: 'error' }) {
  const { t } = useTranslation();
  const format = useFormatMessage();
  const issues = useEditor((s) => s.check?.issues ?? []);
  const submissionId = useEditor((s) => s.submission?.id);
  const navigate = useUi((s) => s.navigate);
  const shown = only ? issues.filter((i) => i.severity === only) : issues;
  const jump = (i: SubmissionIssue) => {
    if (submissionId) navigate({ name: 'submission', submissionId, tab: TAB_OF[i.area], focus: i.field });
  };
  if (shown.length === 0) return <p className="all-good">{t('editor:problems.none')}</p>;
  return (
    <ol className="problem-list" aria-label={t('editor:problems.title')}>
      {shown.map((i, k) => (
        <li key={k} className={`issue-${i.severity}`}>
          <span className={`tag tag-${i.severity}`}>{t(`severity.${i.severity}`)}</span>{' '}
          <button type="button" className="link" onClick={() => jump(i)}>
            {format(i.message)}
          </button>
        </li>
      ))}
    </ol>
  );
}
