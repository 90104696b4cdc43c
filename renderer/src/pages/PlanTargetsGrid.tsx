/**
 * 建设方案 yearly targets: one row per numeric indicator, one column per template year. Each
 * accepted keystroke is stored at once in its own transaction; text that cannot be read as a
 * number stays in the cell with a message there and is not stored.
 */
import { memo, useCallback, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { db } from '../db.ts';
import { useUi } from '../store/ui.ts';
import { useFormatMessage } from '../useMessage.ts';
import { setTarget, toStorageError, type ProjectRecord } from '../../../shared/db/index.ts';
import type { Value } from '../../../shared/domain/expr/index.ts';
import { takesTarget, type Indicator, type Task } from '../../../shared/domain/template.ts';
import { formatValue, parseInput } from '../../../shared/domain/value-input.ts';
import type { Message } from '../../../shared/i18n/message.ts';
import { ACTOR } from './ProjectCommon.ts';
import './project.css';

interface CellProps {
  ind: Indicator;
  year: number;
  row: number;
  col: number;
  stored: Value;
  label: string;
  onCommit(code: string, year: number, value: Value): void;
  onMove(row: number, col: number, delta: 1 | -1): void;
}

const TargetCell = memo(function TargetCell({
  ind,
  year,
  row,
  col,
  stored,
  label,
  onCommit,
  onMove,
}: CellProps) {
  const { t } = useTranslation('project');
  const format = useFormatMessage();
  const errorId = useId();
  const storedText = formatValue(ind, stored);
  const [text, setText] = useState(storedText);
  const [error, setError] = useState<Message | null>(null);
  const [focused, setFocused] = useState(false);
  const [seen, setSeen] = useState(storedText);
  // A change from elsewhere (the submission page, sync) shows up unless the person is typing here
  // or the cell holds text that was refused (which they still have to correct).
  if (storedText !== seen) {
    setSeen(storedText);
    if (!focused && !error) setText(storedText);
  }

  function change(next: string) {
    setText(next);
    const r = parseInput(ind, next);
    if (r.ok) {
      setError(null);
      onCommit(ind.code, year, r.value);
    } else {
      setError(r.message);
    }
  }

  return (
    <div className={error ? 'target-cell target-invalid' : 'target-cell'}>
      <input
        value={text}
        inputMode="decimal"
        autoComplete="off"
        spellCheck={false}
        aria-label={label}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        data-row={row}
        data-col={col}
        onChange={(e) => change(e.target.value)}
        onFocus={() => setFocused(true)}
        onBlur={() => {
          setFocused(false);
          // Show what was stored the way it is written everywhere else (１２ → 12, 1200 → 1,200).
          const r = parseInput(ind, text);
          if (r.ok) setText(formatValue(ind, r.value));
        }}
        onKeyDown={(e) => {
          // Enter inside a Chinese IME confirms the composition; it must not move the caret away.
          if (e.nativeEvent.isComposing) return;
          if (e.key === 'Enter' || e.key === 'ArrowDown') {
            e.preventDefault();
            onMove(row, col, 1);
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            onMove(row, col, -1);
          }
        }}
      />
      {error && (
        <div id={errorId} className="cell-error" role="alert">
          {format(error)}
          <div className="muted">
            {storedText ? t('plan.keptValue', { value: storedText }) : t('plan.keptBlank')}
          </div>
        </div>
      )}
    </div>
  );
});

interface Props {
  project: ProjectRecord;
  task: Task;
  years: readonly number[];
}

export function PlanTargetsGrid({ project, task, years }: Props) {
  const { t } = useTranslation('project');
  const notify = useUi((s) => s.notify);
  const tableRef = useRef<HTMLTableElement>(null);
  const projectId = project.id;

  const commit = useCallback(
    (code: string, year: number, value: Value) => {
      setTarget(db, projectId, year, code, value, ACTOR).catch((e: unknown) =>
        notify('error', toStorageError(e).userMessage),
      );
    },
    [projectId, notify],
  );

  const move = useCallback((row: number, col: number, delta: 1 | -1) => {
    const next = tableRef.current?.querySelector<HTMLInputElement>(
      `input[data-row="${row + delta}"][data-col="${col}"]`,
    );
    if (next) {
      next.focus();
      next.select();
    }
  }, []);

  let rowIndex = 0;
  const groups = task.groups
    .map((g) => ({
      group: g,
      rows: g.indicators.filter(takesTarget).map((ind) => ({ ind, row: rowIndex++ })),
    }))
    .filter((g) => g.rows.length > 0);
  if (groups.length === 0) return <p className="muted">{t('plan.none')}</p>;

  return (
    <div className="plan-scroll">
      <table ref={tableRef} className="data-table plan-grid">
        <thead>
          <tr>
            <th scope="col">{t('plan.indicator')}</th>
            <th scope="col">{t('plan.unit')}</th>
            {years.map((y) => (
              <th key={y} scope="col" className="plan-year">
                {t('plan.year', { year: y })}
              </th>
            ))}
          </tr>
        </thead>
        {groups.map(({ group, rows }) => (
          <tbody key={group.code}>
            <tr className="group-row">
              <th colSpan={2 + years.length} scope="rowgroup">
                {group.name}
              </th>
            </tr>
            {rows.map(({ ind, row }) => (
              <tr key={ind.code}>
                <th scope="row" className="plan-label">
                  {ind.label}
                </th>
                <td className="plan-unit">{ind.unit}</td>
                {years.map((y, col) => (
                  <td key={y} className="plan-cell">
                    <TargetCell
                      ind={ind}
                      year={y}
                      row={row}
                      col={col}
                      stored={project.targets[String(y)]?.[ind.code] ?? null}
                      label={t('plan.cellLabel', { label: ind.label, year: y })}
                      onCommit={commit}
                      onMove={move}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}
