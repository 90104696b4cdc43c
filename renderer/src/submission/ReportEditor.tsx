import { useTranslation } from 'react-i18next';
import { isEditable } from '../../../shared/domain/submission-status.ts';
import { useEditor } from './editor-store.ts';
import { ReportSection } from './ReportSection.tsx';
import './report-editor.css';

/**
 * The 年度工作报告: one rich-text editor per outline section of the template. Every change is
 * saved at once as sanitised HTML under `report:<section>`; cited figures follow the data.
 */
export function ReportEditor() {
  const { t } = useTranslation('report');
  const template = useEditor((s) => s.template);
  const editable = useEditor((s) => (s.submission ? isEditable(s.submission.status) : false));
  if (!template) return null;
  return (
    <div className="report-editor">
      <h2>{t('title')}</h2>
      <p className="page-intro">{editable ? t('intro') : t('readOnly')}</p>
      {template.outline.map((section) => (
        <ReportSection key={section.code} section={section} />
      ))}
    </div>
  );
}
