import { useEditorState, type Editor } from '@tiptap/react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

interface ReportToolbarProps {
  editor: Editor;
  /** Name of the section, so each toolbar is told apart by screen readers. */
  title: string;
  onCite: () => void;
}

interface ToolButton {
  key: string;
  label: string;
  text: string;
  run: () => void;
  active?: boolean;
  disabled?: boolean;
}

/** Moves focus along the toolbar with the arrow keys, as a toolbar is expected to. */
function arrowNavigation(e: KeyboardEvent<HTMLDivElement>): void {
  if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight' && e.key !== 'Home' && e.key !== 'End') return;
  const buttons = Array.from(e.currentTarget.querySelectorAll<HTMLButtonElement>('button:not(:disabled)'));
  const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
  if (at < 0) return;
  e.preventDefault();
  const next =
    e.key === 'Home'
      ? 0
      : e.key === 'End'
        ? buttons.length - 1
        : (at + (e.key === 'ArrowRight' ? 1 : -1) + buttons.length) % buttons.length;
  buttons[next]?.focus();
}

export function ReportToolbar({ editor, title, onCite }: ReportToolbarProps) {
  const { t } = useTranslation('report');
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      h2: e.isActive('heading', { level: 2 }),
      h3: e.isActive('heading', { level: 3 }),
      bold: e.isActive('bold'),
      bullet: e.isActive('bulletList'),
      ordered: e.isActive('orderedList'),
      inTable: e.isActive('table'),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });
  const chain = () => editor.chain().focus();

  const groups: ToolButton[][] = [
    [
      {
        key: 'h2',
        label: t('toolbar.heading2'),
        text: t('toolbar.heading2Short'),
        active: state.h2,
        run: () => chain().toggleHeading({ level: 2 }).run(),
      },
      {
        key: 'h3',
        label: t('toolbar.heading3'),
        text: t('toolbar.heading3Short'),
        active: state.h3,
        run: () => chain().toggleHeading({ level: 3 }).run(),
      },
      {
        key: 'bold',
        label: t('toolbar.bold'),
        text: t('toolbar.boldShort'),
        active: state.bold,
        run: () => chain().toggleBold().run(),
      },
    ],
    [
      {
        key: 'ol',
        label: t('toolbar.orderedList'),
        text: t('toolbar.orderedListShort'),
        active: state.ordered,
        run: () => chain().toggleOrderedList().run(),
      },
      {
        key: 'ul',
        label: t('toolbar.bulletList'),
        text: t('toolbar.bulletListShort'),
        active: state.bullet,
        run: () => chain().toggleBulletList().run(),
      },
    ],
    [
      {
        key: 'table',
        label: t('toolbar.insertTable'),
        text: t('toolbar.insertTableShort'),
        disabled: state.inTable,
        run: () => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
      },
      {
        key: 'addRow',
        label: t('toolbar.addRow'),
        text: t('toolbar.addRowShort'),
        disabled: !state.inTable,
        run: () => chain().addRowAfter().run(),
      },
      {
        key: 'delRow',
        label: t('toolbar.deleteRow'),
        text: t('toolbar.deleteRowShort'),
        disabled: !state.inTable,
        run: () => chain().deleteRow().run(),
      },
      {
        key: 'addCol',
        label: t('toolbar.addColumn'),
        text: t('toolbar.addColumnShort'),
        disabled: !state.inTable,
        run: () => chain().addColumnAfter().run(),
      },
      {
        key: 'delCol',
        label: t('toolbar.deleteColumn'),
        text: t('toolbar.deleteColumnShort'),
        disabled: !state.inTable,
        run: () => chain().deleteColumn().run(),
      },
      {
        key: 'delTable',
        label: t('toolbar.deleteTable'),
        text: t('toolbar.deleteTableShort'),
        disabled: !state.inTable,
        run: () => chain().deleteTable().run(),
      },
    ],
    [
      {
        key: 'undo',
        label: t('toolbar.undo'),
        text: t('toolbar.undoShort'),
        disabled: !state.canUndo,
        run: () => chain().undo().run(),
      },
      {
        key: 'redo',
        label: t('toolbar.redo'),
        text: t('toolbar.redoShort'),
        disabled: !state.canRedo,
        run: () => chain().redo().run(),
      },
    ],
    [{ key: 'cite', label: t('toolbar.cite'), text: t('toolbar.citeShort'), run: onCite }],
  ];

  return (
    <div
      className="report-toolbar"
      role="toolbar"
      aria-label={t('toolbar.label', { title })}
      onKeyDown={arrowNavigation}
    >
      {groups.map((group, i) => (
        <div key={i} className="report-toolbar-group">
          {group.map((b) => (
            <button
              key={b.key}
              type="button"
              className={b.key === 'cite' ? 'report-tool report-tool-cite' : 'report-tool'}
              title={b.label}
              aria-label={b.label === b.text ? undefined : b.label}
              aria-pressed={b.active === undefined ? undefined : b.active}
              disabled={b.disabled}
              // Keeps the text selection in the editor while the toolbar is clicked.
              onMouseDown={(e) => e.preventDefault()}
              onClick={b.run}
            >
              {b.text}
            </button>
          ))}
        </div>
      ))}
    </div>
  );
}
