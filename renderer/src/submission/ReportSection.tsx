import { EditorContent, useEditor as useTiptapEditor } from '@tiptap/react';
import { StarterKit } from '@tiptap/starter-kit';
import { TableKit } from '@tiptap/extension-table';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { field } from '../../../shared/domain/fields.ts';
import { countReportChars } from '../../../shared/domain/report-text.ts';
import { isEditable } from '../../../shared/domain/submission-status.ts';
import type { OutlineSection } from '../../../shared/domain/template.ts';
import { useFormatMessage } from '../useMessage.ts';
import { useEditor } from './editor-store.ts';
import { EvidenceButton } from './EvidenceButton.tsx';
import { citationValue, IndicatorCitation, storeCitationSource } from './ReportCitation.ts';
import { ReportCitationPicker } from './ReportCitationPicker.tsx';
import { cleanPastedHtml } from './ReportPaste.ts';
import { ReportToolbar } from './ReportToolbar.tsx';
import { sanitizeReportHtml } from './report-html.ts';

function storedHtml(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Live 字数 against the outline's limits; red over the maximum. */
function ReportCounter({ section, id }: { section: OutlineSection; id: string }) {
  const { t, i18n } = useTranslation('report');
  const name = field.report(section.code);
  const chars = useEditor((s) => {
    const html = storedHtml(s.values[name]);
    return html ? countReportChars(html, (code) => citationValue(s, code, i18n).text) : 0;
  });
  const nf = new Intl.NumberFormat(i18n.language);
  const over = section.maxChars !== undefined && chars > section.maxChars;
  const under = section.minChars !== undefined && chars > 0 && chars < section.minChars;
  return (
    <div
      id={id}
      className={
        over ? 'report-count report-count-over' : under ? 'report-count report-count-under' : 'report-count'
      }
      aria-live="polite"
      aria-atomic="true"
    >
      {section.maxChars !== undefined
        ? t('count.withMax', { chars: nf.format(chars), max: nf.format(section.maxChars) })
        : t('count.plain', { chars: nf.format(chars) })}
      {section.minChars !== undefined && (
        <span className="report-count-min">{t('count.min', { min: nf.format(section.minChars) })}</span>
      )}
      {over && <span className="visually-hidden">{t('count.overHint')}</span>}
    </div>
  );
}

/** The check's findings and the reviewers' comments on this section. */
function ReportFindings({ name, title }: { name: string; title: string }) {
  const { t, i18n } = useTranslation('report');
  const format = useFormatMessage();
  const issues = useEditor((s) => s.issuesByField[name]);
  const allComments = useEditor((s) => s.comments);
  const comments = useMemo(() => allComments.filter((c) => c.field === name), [allComments, name]);
  if (!issues?.length && !comments.length) return null;
  return (
    <div className="report-findings">
      {issues && issues.length > 0 && (
        <ul className="report-issues" aria-label={t('issues.label', { title })}>
          {issues.map((issue, i) => (
            <li key={i} className={`report-issue report-issue-${issue.severity}`}>
              <span className={issue.severity === 'error' ? 'tag tag-error' : 'tag tag-warning'}>
                {t(`issues.${issue.severity}`)}
              </span>{' '}
              {format(issue.message)}
            </li>
          ))}
        </ul>
      )}
      {comments.length > 0 && (
        <ul className="report-comments" aria-label={t('comments.label', { title })}>
          {comments.map((c) => (
            <li
              key={c.id}
              className={c.resolved ? 'report-comment report-comment-resolved' : 'report-comment'}
            >
              <div className="report-comment-meta">
                <strong>{c.author}</strong>{' '}
                <time dateTime={c.at}>{new Date(c.at).toLocaleString(i18n.language)}</time>
                {c.resolved && <span className="tag">{t('comments.resolved')}</span>}
              </div>
              <div className="report-comment-text">{c.text}</div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Ctrl/⌘+Z/Y belong to the editor's own history while typing, not to a page-wide undo. */
function keepHistoryKeys(e: KeyboardEvent<HTMLDivElement>): void {
  if ((e.ctrlKey || e.metaKey) && !e.altKey && ['z', 'y'].includes(e.key.toLowerCase())) e.stopPropagation();
}

export function ReportSection({ section }: { section: OutlineSection }) {
  const { t, i18n } = useTranslation('report');
  const name = field.report(section.code);
  const headingId = useId();
  const counterId = useId();
  const guidanceId = useId();
  const stored = useEditor((s) => storedHtml(s.values[name]));
  const editable = useEditor((s) => (s.submission ? isEditable(s.submission.status) : false));
  const [guidanceOpen, setGuidanceOpen] = useState(() => !stored);
  const [picking, setPicking] = useState(false);
  // Creation-time options stay constant: Tiptap re-applies changed options on every render.
  const [initial] = useState(() => ({ content: stored, editable }));
  /** The HTML this editor last saved or loaded; a different stored value came from elsewhere (undo, failed write). */
  const lastHtml = useRef(stored);
  const editableRef = useRef(editable);

  const extensions = useMemo(
    () => [
      StarterKit.configure({
        heading: { levels: [2, 3] },
        // Only what a work report needs and an export can render faithfully.
        blockquote: false,
        code: false,
        codeBlock: false,
        horizontalRule: false,
        italic: false,
        strike: false,
        underline: false,
        link: false,
      }),
      TableKit.configure({ table: { resizable: false } }),
      IndicatorCitation.configure(storeCitationSource(i18n)),
    ],
    [i18n],
  );

  const describedBy = section.guidance ? `${counterId} ${guidanceId}` : counterId;
  const editorProps = useMemo(
    () => ({
      attributes: () => ({
        class: 'report-prose',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': section.title,
        'aria-describedby': describedBy,
        'aria-readonly': String(!editableRef.current),
      }),
      transformPastedHTML: cleanPastedHtml,
    }),
    [section.title, describedBy],
  );

  const editor = useTiptapEditor({
    extensions,
    content: initial.content,
    editable: initial.editable,
    immediatelyRender: true,
    shouldRerenderOnTransaction: false,
    editorProps,
    onUpdate: ({ editor: e }) => {
      // Every change is saved at once; nothing is sent when the saved HTML would be the same.
      const html = sanitizeReportHtml(e.getHTML());
      if (html === lastHtml.current) return;
      lastHtml.current = html;
      void useEditor.getState().edit(name, html);
    },
  });

  useEffect(() => {
    editableRef.current = editable;
    if (editor.isEditable !== editable) editor.setEditable(editable, false);
  }, [editor, editable]);

  useEffect(() => {
    if (stored === lastHtml.current) return;
    lastHtml.current = stored;
    editor.commands.setContent(stored, { emitUpdate: false });
  }, [editor, stored]);

  return (
    <section className="report-section" aria-labelledby={headingId}>
      <div className="report-section-head">
        <h3 id={headingId}>{section.title}</h3>
        <ReportCounter section={section} id={counterId} />
        <EvidenceButton target={name} />
      </div>
      {section.guidance && (
        <details
          className="report-guidance"
          open={guidanceOpen}
          onToggle={(e) => setGuidanceOpen(e.currentTarget.open)}
        >
          <summary>{t('guidance')}</summary>
          <div id={guidanceId}>{section.guidance}</div>
        </details>
      )}
      {editable && <ReportToolbar editor={editor} title={section.title} onCite={() => setPicking(true)} />}
      <div
        className={editable ? 'report-editor-body' : 'report-editor-body report-editor-readonly'}
        onKeyDown={keepHistoryKeys}
      >
        <EditorContent editor={editor} />
      </div>
      <ReportFindings name={name} title={section.title} />
      {picking && (
        <ReportCitationPicker
          sectionTitle={section.title}
          onClose={() => setPicking(false)}
          onPick={(code) => {
            setPicking(false);
            editor.chain().focus().insertCitation(code).run();
          }}
        />
      )}
    </section>
  );
}
