import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_EVIDENCE_BYTES } from '../../../shared/db/repos/evidence.ts';
import type { EvidenceRecord } from '../../../shared/db/index.ts';
import { isEditable } from '../../../shared/domain/submission-status.ts';
import { useEditor } from './editor-store.ts';
import { EvidencePreview } from './EvidencePreview.tsx';
import { describeTarget, formatFileSize, type EvidenceTarget } from './report-html.ts';
import './report-editor.css';

function EvidenceItem({ record, editable }: { record: EvidenceRecord; editable: boolean }) {
  const { t, i18n } = useTranslation('report');
  const detach = useEditor((s) => s.detach);
  return (
    <li className="evidence-item">
      <div className="evidence-item-head">
        <span className="evidence-name">{record.name}</span>
        <span className="muted">{formatFileSize(record.size, i18n.language)}</span>
        <span className="mono muted evidence-sha" title={record.sha256}>
          <span className="visually-hidden">{t('evidence.sha256')} </span>
          {record.sha256.slice(0, 12)}
        </span>
        <time className="muted" dateTime={record.addedAt}>
          {new Date(record.addedAt).toLocaleString(i18n.language)}
        </time>
        {editable && (
          <button
            type="button"
            className="link-button"
            aria-label={t('evidence.deleteLabel', { name: record.name })}
            onClick={() => {
              if (window.confirm(t('evidence.deleteConfirm', { name: record.name }))) void detach(record.id);
            }}
          >
            {t('evidence.delete')}
          </button>
        )}
      </div>
      <EvidencePreview record={record} />
    </li>
  );
}

function targetHeading(
  target: EvidenceTarget,
  t: (key: string, params?: Record<string, string>) => string,
): string {
  if (target.kind === 'indicator')
    return t('evidence.indicatorTarget', { label: target.label, code: target.code });
  if (target.kind === 'section') return t('evidence.sectionTarget', { title: target.title });
  return t('evidence.otherTarget', { code: target.code });
}

/** Every piece of evidence of the open submission, grouped by what it supports. */
export function EvidencePanel() {
  const { t, i18n } = useTranslation('report');
  const headingId = useId();
  const evidence = useEditor((s) => s.evidence);
  const template = useEditor((s) => s.template);
  const task = useEditor((s) => s.task);
  const editable = useEditor((s) => (s.submission ? isEditable(s.submission.status) : false));

  const groups = useMemo(() => {
    const byTarget = new Map<string, { key: string; target: EvidenceTarget; items: EvidenceRecord[] }>();
    for (const e of evidence) {
      let group = byTarget.get(e.target);
      if (!group)
        byTarget.set(
          e.target,
          (group = { key: e.target, target: describeTarget(template, task, e.target), items: [] }),
        );
      group.items.push(e);
    }
    for (const g of byTarget.values()) g.items.sort((a, b) => a.addedAt.localeCompare(b.addedAt));
    return [...byTarget.values()].sort(
      (a, b) => a.target.order - b.target.order || a.target.code.localeCompare(b.target.code),
    );
  }, [evidence, template, task]);

  const totalBytes = evidence.reduce((n, e) => n + e.size, 0);
  const tr = (key: string, params?: Record<string, string>) => t(key, params ?? {});

  return (
    <section className="evidence-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('evidence.title')}</h2>
      <p className="page-intro">
        {t('evidence.intro', { maxMb: MAX_EVIDENCE_BYTES / 2 ** 20 })}{' '}
        {evidence.length > 0 &&
          t('evidence.total', { n: evidence.length, size: formatFileSize(totalBytes, i18n.language) })}
      </p>
      {groups.length === 0 ? (
        <p className="muted">{t('evidence.empty')}</p>
      ) : (
        groups.map(({ key, target, items }) => (
          <div key={key} className="evidence-group">
            <h3>{targetHeading(target, tr)}</h3>
            <ul className="evidence-list">
              {items.map((record) => (
                <EvidenceItem key={record.id} record={record} editable={editable} />
              ))}
            </ul>
          </div>
        ))
      )}
    </section>
  );
}
