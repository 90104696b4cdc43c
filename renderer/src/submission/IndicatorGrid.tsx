import { useCellText } from './useCellText.ts';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  memo,
  useCallback,
  useEffect,
  useRef,
  useState,
  type ClipboardEvent,
  type KeyboardEvent,
} from 'react';
import { useTranslation } from 'react-i18next';
import { useEditor } from './editor-store.ts';
import { isBlock, parseClipboardBlock, placeBlock } from './grid-paste.ts';
import { EvidenceButton } from './EvidenceButton.tsx';
import { FieldHistoryButton } from './FieldHistory.tsx';
import { useUi } from '../store/ui.ts';
import { useFormatMessage } from '../useMessage.ts';
import { field } from '../../../shared/domain/fields.ts';
import { isEditable } from '../../../shared/domain/submission-status.ts';
import { formatValue } from '../../../shared/domain/value-input.ts';
import {
  isNumericType,
  takesTarget,
  taskIndicators,
  type Indicator,
  type Task,
} from '../../../shared/domain/template.ts';
import type { Value } from '../../../shared/domain/expr/index.ts';

/** Editable columns, left to right, as Tab and pasted blocks walk them. */
const COLUMNS = ['target', 'actual', 'note'] as const;
type Column = (typeof COLUMNS)[number];

interface GridContext {
  rowCodes: string[];
  /** Focuses a cell by row index, scrolling it into the rendered window first if needed. */
  focusRow(row: number, col: Column): void;
  /** Read-only rows: a pasted block keeps its alignment but writes nothing into them. */
  calculated: ReadonlySet<string>;
  onPasteBlock(row: number, col: number, text: string): void;
}

function cellSelector(col: Column, code: string) {
  return col === 'target'
    ? `[data-cell="${code}:target"]`
    : col === 'actual'
      ? `[data-cell="${code}:actual"]`
      : `[data-cell="${code}:note"]`;
}

function focusCell(container: HTMLElement | null, code: string | undefined, col: Column) {
  if (!container || !code) return;
  const el = container.querySelector<HTMLInputElement | HTMLSelectElement>(cellSelector(col, code));
  el?.focus();
  if (el instanceof HTMLInputElement) el.select();
}

function useYesNo() {
  const { t } = useTranslation();
  return { yes: t('form.yes'), no: t('editor:grid.no') };
}

function percentText(n: number | null | undefined): string {
  return n === null || n === undefined ? '' : `${Math.round(n * 1000) / 10}%`;
}

interface CellProps {
  ind: Indicator;
  col: Column;
  row: number;
  stored: Value;
  raw: string | undefined;
  editable: boolean;
  invalid: boolean;
  describedBy?: string;
  label: string;
  ctx: GridContext;
  onCommit(text: string): void;
}

/**
 * One editable cell. While focused it shows exactly what is typed and sends every keystroke to
 * the store (which persists it at once); when not focused it shows the stored value formatted.
 */
function Cell({
  ind,
  col,
  row,
  stored,
  raw,
  editable,
  invalid,
  describedBy,
  label,
  ctx,
  onCommit,
}: CellProps) {
  const yesNo = useYesNo();
  const template = useEditor((s) => s.template);
  const choices = ind.choices ? (template?.choiceLists[ind.choices] ?? []) : [];
  const display =
    raw ?? (col === 'note' ? String(stored ?? '') : formatValue(ind, stored, { choices, ...yesNo }));
  const cell = useCellText(display);
  const undo = useEditor((s) => s.undo);
  const redo = useEditor((s) => s.redo);

  const move = (e: KeyboardEvent<HTMLElement>, dRow: number, dCol: number) => {
    e.preventDefault();
    const nextCol = COLUMNS[Math.min(COLUMNS.length - 1, Math.max(0, COLUMNS.indexOf(col) + dCol))]!;
    // Calculated rows have no target or actual to type into; the cursor steps over them.
    let nextRow = row + dRow;
    while (dRow !== 0 && nextCol !== 'note' && ctx.calculated.has(ctx.rowCodes[nextRow] ?? ''))
      nextRow += dRow;
    if (nextRow < 0 || nextRow >= ctx.rowCodes.length) nextRow = row;
    ctx.focusRow(nextRow, nextCol);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement | HTMLSelectElement>) => {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key.toLowerCase() === 'z') {
      e.preventDefault();
      cell.stop();
      void (e.shiftKey ? redo() : undo());
      return;
    }
    if (mod && e.key.toLowerCase() === 'y') {
      e.preventDefault();
      cell.stop();
      void redo();
      return;
    }
    if (e.key === 'Enter') return move(e, e.shiftKey ? -1 : 1, 0);
    if (e.key === 'ArrowDown' && !(e.currentTarget instanceof HTMLSelectElement)) return move(e, 1, 0);
    if (e.key === 'ArrowUp' && !(e.currentTarget instanceof HTMLSelectElement)) return move(e, -1, 0);
    if (e.currentTarget instanceof HTMLInputElement) {
      const input = e.currentTarget;
      const atStart = input.selectionStart === 0 && input.selectionEnd === 0;
      const atEnd = input.selectionStart === input.value.length;
      if (e.key === 'ArrowLeft' && atStart && col !== 'target') return move(e, 0, -1);
      if (e.key === 'ArrowRight' && atEnd && col !== 'note') return move(e, 0, 1);
    }
    if (e.key === 'Escape') {
      cell.stop();
      (e.currentTarget as HTMLElement).blur();
    }
  };

  const onPaste = (e: ClipboardEvent<HTMLInputElement>) => {
    const data = e.clipboardData.getData('text/plain');
    if (!isBlock(data)) return;
    e.preventDefault();
    ctx.onPasteBlock(row, COLUMNS.indexOf(col), data);
  };

  const common = {
    'data-cell': `${ind.code}:${col}`,
    'aria-label': label,
    'aria-invalid': invalid,
    'aria-describedby': describedBy,
    disabled: !editable,
    onKeyDown,
    onBlur: () => cell.stop(),
  };

  if (col !== 'note' && (ind.type === 'choice' || ind.type === 'boolean')) {
    const options =
      ind.type === 'boolean'
        ? [
            { code: 'true', label: yesNo.yes },
            { code: 'false', label: yesNo.no },
          ]
        : choices;
    const current = stored === null || stored === undefined ? '' : String(stored);
    return (
      <select
        {...common}
        className="cell-input"
        value={current}
        onChange={(e) => {
          const v = e.target.value;
          const label = options.find((o) => o.code === v)?.label ?? '';
          onCommit(ind.type === 'boolean' ? (v === '' ? '' : v === 'true' ? yesNo.yes : yesNo.no) : label);
        }}
      >
        <option value="" />
        {options.map((o) => (
          <option key={o.code} value={o.code}>
            {o.label}
          </option>
        ))}
      </select>
    );
  }

  return (
    <input
      {...common}
      className={col === 'note' ? 'cell-input cell-note' : 'cell-input cell-number'}
      inputMode={col !== 'note' && isNumericType(ind.type) ? 'decimal' : undefined}
      value={cell.value}
      onPaste={onPaste}
      onChange={(e) => {
        cell.change(e.target.value);
        onCommit(e.target.value);
      }}
    />
  );
}

interface RowProps {
  ind: Indicator;
  row: number;
  /** Position in the virtual list, for measuring and for aria-rowindex. */
  index: number;
  measure(el: HTMLElement | null): void;
  ctx: GridContext;
  focusedField?: string;
}

const Row = memo(function Row({ ind, row, index, measure, ctx, focusedField }: RowProps) {
  const { t } = useTranslation();
  const format = useFormatMessage();
  const yesNo = useYesNo();
  const code = ind.code;
  const value = useEditor(
    (s) => (ind.calculate ? s.check?.evaluation.calculated[code] : s.values[code]) ?? null,
  );
  const raw = useEditor((s) => s.raw[code]);
  const note = useEditor((s) => s.values[field.note(code)] ?? null);
  const target = useEditor((s) => s.targets[code] ?? null);
  const last = useEditor((s) => s.lastYear[code] ?? null);
  const completion = useEditor((s) => s.check?.completion[code]);
  const yoy = useEditor((s) => s.check?.yoy[code]);
  const issues = useEditor((s) => s.issuesByField[code]);
  const comments = useEditor((s) => s.comments);
  const editable = useEditor((s) => !!s.submission && isEditable(s.submission.status));
  const choices = useEditor((s) => (ind.choices ? s.template?.choiceLists[ind.choices] : undefined));
  const edit = useEditor((s) => s.edit);
  const editTarget = useEditor((s) => s.editTarget);
  const [targetError, setTargetError] = useState<string>();
  const myComments = comments.filter((c) => c.field === code && !c.resolved);
  // A refused entry is reported once the person leaves the cell, not on every half-typed key.
  const visibleIssues = (issues ?? []).filter(
    (i) => !(raw !== undefined && focusedField === code && i.message.key.startsWith('input:')),
  );
  const errorId = `issues-${code}`;
  const targeted = takesTarget(ind);
  const fmt = (v: Value) => formatValue(ind, v, { choices: choices ?? [], ...yesNo });
  const hasError = visibleIssues.some((i) => i.severity === 'error');

  return (
    <tr
      className={hasError ? 'grid-row row-error' : visibleIssues.length ? 'grid-row row-warning' : 'grid-row'}
      data-row={code}
      id={`field-${code}`}
      ref={measure}
      data-index={index}
      aria-rowindex={index + 2}
    >
      <td className="mono col-code">{code}</td>
      <th scope="row" className="col-label">
        {ind.label}
        {ind.required && !ind.calculate && (
          <span className="required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
        {ind.calculate && <span className="tag">{t('templates.calculated')}</span>}
        {(visibleIssues.length > 0 || targetError) && (
          <ul className="cell-issues" id={errorId}>
            {targetError && <li className="issue-error">{targetError}</li>}
            {visibleIssues.map((i, k) => (
              <li key={k} className={`issue-${i.severity}`}>
                {format(i.message)}
              </li>
            ))}
          </ul>
        )}
        {myComments.length > 0 && (
          <ul className="cell-comments" aria-label={t('editor:grid.reviewerComments')}>
            {myComments.map((c) => (
              <li key={c.id}>
                {t('editor:grid.commentBy', { author: c.author })}
                {c.text}
              </li>
            ))}
          </ul>
        )}
      </th>
      <td className="col-unit">{ind.type === 'percent' ? '%' : ind.unit}</td>
      <td className="col-num muted">{fmt(last)}</td>
      <td className="col-input">
        {targeted ? (
          <Cell
            ind={ind}
            col="target"
            row={row}
            stored={target}
            raw={undefined}
            editable={editable}
            invalid={!!targetError}
            label={t('editor:grid.targetOf', { label: ind.label })}
            ctx={ctx}
            onCommit={(text) =>
              void editTarget(code, text).then((m) => setTargetError(m ? format(m) : undefined))
            }
          />
        ) : (
          <span className="muted">{fmt(target)}</span>
        )}
      </td>
      <td className="col-input">
        {ind.calculate ? (
          <output
            className="cell-calculated"
            aria-label={t('editor:grid.actualOf', { label: ind.label })}
            aria-readonly="true"
          >
            {fmt(value)}
          </output>
        ) : (
          <Cell
            ind={ind}
            col="actual"
            row={row}
            stored={value}
            raw={raw}
            editable={editable}
            invalid={hasError}
            describedBy={visibleIssues.length ? errorId : undefined}
            label={t('editor:grid.actualOf', { label: ind.label })}
            ctx={ctx}
            onCommit={(text) => void edit(code, text)}
          />
        )}
      </td>
      <td
        className={
          completion !== undefined && completion !== null && completion < 1 ? 'col-num rate-low' : 'col-num'
        }
      >
        {percentText(completion)}
      </td>
      <td className="col-num">
        {yoy === null || yoy === undefined ? '' : `${yoy > 0 ? '+' : ''}${percentText(yoy)}`}
      </td>
      <td className="col-input">
        <Cell
          ind={ind}
          col="note"
          row={row}
          stored={note}
          raw={undefined}
          editable={editable}
          invalid={false}
          label={t('editor:grid.noteOf', { label: ind.label })}
          ctx={ctx}
          onCommit={(text) => void edit(field.note(code), text)}
        />
      </td>
      <td className="col-tools">
        <EvidenceButton target={code} />
        <FieldHistoryButton field={code} label={ind.label} />
      </td>
    </tr>
  );
});

type GridItem = { kind: 'group'; code: string; name: string } | { kind: 'row'; ind: Indicator; row: number };

/**
 * 查找指标: only the rows in view exist in the page, so the browser's own find cannot reach the
 * others; this finds by code or any part of the name and jumps there.
 */
function FindIndicator({
  task,
  hidden,
  onFound,
}: {
  task: Task;
  hidden: Set<string>;
  onFound(code: string): void;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const q = query.trim().toLowerCase();
  const matches = q
    ? taskIndicators(task).filter(
        (i) => !hidden.has(i.code) && (i.code.toLowerCase().includes(q) || i.label.toLowerCase().includes(q)),
      )
    : [];
  const [at, setAt] = useState(0);
  return (
    <div className="grid-find" role="search">
      <label>
        <span className="visually-hidden">{t('editor:grid.find')}</span>
        <input
          type="search"
          placeholder={t('editor:grid.findPlaceholder')}
          aria-label={t('editor:grid.find')}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setAt(0);
          }}
          onKeyDown={(e) => {
            if (e.key !== 'Enter' || matches.length === 0) return;
            e.preventDefault();
            const hit = matches[at % matches.length]!;
            setAt(at + 1);
            onFound(hit.code);
          }}
        />
      </label>
      {q && <span className="muted">{t('editor:grid.findCount', { count: matches.length })}</span>}
    </div>
  );
}

function GroupProgress({ group }: { group: string }) {
  const { t } = useTranslation();
  const progress = useEditor((s) => {
    const part = s.check?.completeness.find((p) => p.area === 'indicator' && p.key === group);
    return part ? `${part.filled}/${part.total}` : '';
  });
  if (!progress) return null;
  const [filled, total] = progress.split('/');
  return <span className="muted">{t('editor:grid.groupProgress', { filled, total })}</span>;
}

/** The Excel-like grid of one task's indicators: target, actual, rates, notes and evidence per row. */
export function IndicatorGrid() {
  const { t } = useTranslation();
  const task = useEditor((s) => s.task);
  // A string, so a keystroke that changes no relevance does not re-render the whole grid.
  const hiddenKey = useEditor((s) =>
    Object.entries(s.check?.evaluation.relevant ?? {})
      .filter(([, shown]) => !shown)
      .map(([c]) => c)
      .join(','),
  );
  const hidden = new Set(hiddenKey.split(','));
  const editMany = useEditor((s) => s.editMany);
  const editTarget = useEditor((s) => s.editTarget);
  const notify = useUi((s) => s.notify);
  const focus = useUi((s) => (s.route.name === 'submission' ? s.route.focus : undefined));
  const gridRef = useRef<HTMLDivElement>(null);
  const [focusedField, setFocusedField] = useState<string>();

  const visible = (task?.groups ?? []).map((g) => ({
    group: g,
    indicators: g.indicators.filter((i) => !hidden.has(i.code)),
  }));
  const rowCodes = visible.flatMap((v) => v.indicators.map((i) => i.code));
  const rowKey = rowCodes.join(',');

  const onPasteBlock = useCallback(
    (row: number, col: number, text: string) => {
      const codes = rowKey.split(',');
      const block = parseClipboardBlock(text);
      const { cells, clipped } = placeBlock(
        block,
        { row, col },
        { rows: codes.length, cols: COLUMNS.length },
      );
      const edits: { code: string; text: string }[] = [];
      const targets: { code: string; text: string }[] = [];
      let skipped = clipped;
      for (const c of cells) {
        const code = codes[c.row]!;
        const column = COLUMNS[c.col]!;
        if (column !== 'note' && ctxRef.current.calculated.has(code)) {
          skipped++;
          continue;
        }
        if (column === 'target') targets.push({ code, text: c.text });
        else edits.push({ code: column === 'note' ? field.note(code) : code, text: c.text });
      }
      void (async () => {
        const { refused } = await editMany(edits);
        let targetRefused = 0;
        for (const x of targets) if (await editTarget(x.code, x.text)) targetRefused++;
        notify(refused + targetRefused ? 'error' : 'success', {
          key: 'editor:grid.pasted',
          params: {
            cells: cells.length - (skipped - clipped),
            refused: refused + targetRefused,
            clipped: skipped,
          },
        });
      })();
    },
    [rowKey, editMany, editTarget, notify],
  );
  const calculated = new Set(
    (task?.groups ?? []).flatMap((g) => g.indicators.filter((i) => i.calculate).map((i) => i.code)),
  );

  // Group headers and indicator rows as one list; only the rows in view are in the DOM, so a
  // keystroke in a 600-indicator form repaints a few dozen rows, not all of them.
  const items: GridItem[] = [];
  const rowToItem: number[] = [];
  for (const v of visible) {
    items.push({ kind: 'group', code: v.group.code, name: v.group.name });
    for (const ind of v.indicators) {
      rowToItem.push(items.length);
      items.push({ kind: 'row', ind, row: rowToItem.length - 1 });
    }
  }
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => gridRef.current,
    estimateSize: (i) => (items[i]?.kind === 'group' ? 30 : 40),
    getItemKey: (i) => {
      const item = items[i]!;
      return item.kind === 'group' ? `g:${item.code}` : item.ind.code;
    },
    overscan: 10,
  });

  const focusRow = (row: number, col: Column) => {
    const code = rowCodes[row];
    const itemIndex = rowToItem[row];
    if (code === undefined || itemIndex === undefined) return;
    const grid = gridRef.current;
    if (grid?.querySelector(cellSelector(col, code))) {
      focusCell(grid, code, col);
      grid.querySelector(`[data-row="${code}"]`)?.scrollIntoView({ block: 'nearest' });
      return;
    }
    virtualizer.scrollToIndex(itemIndex, { align: 'center' });
    // The row renders on a later frame; try for a few frames.
    let tries = 0;
    const attempt = () => {
      if (gridRef.current?.querySelector(cellSelector(col, code))) focusCell(gridRef.current, code, col);
      else if (tries++ < 20) requestAnimationFrame(attempt);
    };
    requestAnimationFrame(attempt);
  };

  const ctxRef = useRef<GridContext>({ rowCodes, calculated, onPasteBlock, focusRow });
  ctxRef.current.rowCodes = rowCodes;
  ctxRef.current.calculated = calculated;
  ctxRef.current.onPasteBlock = onPasteBlock;
  ctxRef.current.focusRow = focusRow;

  useEffect(() => {
    if (!focus) return;
    const row = ctxRef.current.rowCodes.indexOf(focus);
    if (row >= 0) ctxRef.current.focusRow(row, 'actual');
  }, [focus]);

  if (!task) return null;
  const virtualItems = virtualizer.getVirtualItems();
  const paddingTop = virtualItems[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (virtualItems.at(-1)?.end ?? 0);
  return (
    <>
      <FindIndicator
        task={task}
        hidden={hidden}
        onFound={(code) => focusRow(rowCodes.indexOf(code), 'actual')}
      />
      <div
        className="grid-wrap"
        data-grid
        ref={gridRef}
        onFocus={(e) => setFocusedField((e.target as HTMLElement).dataset.cell?.split(':')[0])}
        onBlur={() => setFocusedField(undefined)}
      >
        <table
          className="data-table indicator-grid"
          aria-label={t('editor:grid.caption', { task: task.name })}
          aria-rowcount={items.length + 1}
        >
          <colgroup>
            <col className="w-code" />
            <col className="w-label" />
            <col className="w-unit" />
            <col className="w-num" />
            <col className="w-input" />
            <col className="w-input" />
            <col className="w-rate" />
            <col className="w-rate" />
            <col className="w-note" />
            <col className="w-tools" />
          </colgroup>
          <thead>
            <tr aria-rowindex={1}>
              <th scope="col">{t('templates.col.code')}</th>
              <th scope="col">{t('templates.col.label')}</th>
              <th scope="col">{t('templates.col.unit')}</th>
              <th scope="col">{t('editor:grid.lastYear')}</th>
              <th scope="col">{t('editor:grid.target')}</th>
              <th scope="col">{t('editor:grid.actual')}</th>
              <th scope="col">{t('editor:grid.completion')}</th>
              <th scope="col">{t('editor:grid.yoy')}</th>
              <th scope="col">{t('editor:grid.note')}</th>
              <th scope="col">{t('editor:grid.tools')}</th>
            </tr>
          </thead>
          <tbody>
            {paddingTop > 0 && (
              <tr aria-hidden="true" className="spacer" style={{ height: paddingTop }}>
                <td colSpan={10} />
              </tr>
            )}
            {virtualItems.map((v) => {
              const item = items[v.index]!;
              return item.kind === 'group' ? (
                <tr
                  key={v.key}
                  className="group-row"
                  ref={virtualizer.measureElement}
                  data-index={v.index}
                  aria-rowindex={v.index + 2}
                >
                  <th colSpan={10} scope="rowgroup">
                    {item.name} <GroupProgress group={item.code} />
                  </th>
                </tr>
              ) : (
                <Row
                  key={v.key}
                  ind={item.ind}
                  row={item.row}
                  index={v.index}
                  measure={virtualizer.measureElement}
                  ctx={ctxRef.current}
                  focusedField={focusedField === item.ind.code ? focusedField : undefined}
                />
              );
            })}
            {paddingBottom > 0 && (
              <tr aria-hidden="true" className="spacer" style={{ height: paddingBottom }}>
                <td colSpan={10} />
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}
