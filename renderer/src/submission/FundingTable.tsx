import { useTranslation } from 'react-i18next';
import { useEditor } from './editor-store.ts';
import { useCellText } from './useCellText.ts';
import { useFormatMessage } from '../useMessage.ts';
import { field, FUNDING_COLUMNS, type FundingColumn } from '../../../shared/domain/fields.ts';
import { summariseFunding } from '../../../shared/domain/rates.ts';
import { isEditable } from '../../../shared/domain/submission-status.ts';

const money = (n: number | null | undefined) =>
  n === null || n === undefined
    ? ''
    : n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const pct = (n: number | null) => (n === null ? '—' : `${Math.round(n * 1000) / 10}%`);

function MoneyCell({ code, label }: { code: string; label: string }) {
  const stored = useEditor((s) => s.values[code]);
  const raw = useEditor((s) => s.raw[code]);
  const editable = useEditor((s) => !!s.submission && isEditable(s.submission.status));
  const edit = useEditor((s) => s.edit);
  const display = raw ?? (typeof stored === 'number' ? money(stored) : '');
  const cell = useCellText(display);
  return (
    <input
      className="cell-input cell-number"
      aria-label={label}
      aria-invalid={raw !== undefined && !cell.editing}
      inputMode="decimal"
      disabled={!editable}
      value={cell.value}
      onBlur={cell.stop}
      onChange={(e) => {
        cell.change(e.target.value);
        void edit(code, e.target.value);
      }}
    />
  );
}

/** 资金投入: planned / received / spent per source, with 到位率 and 预算执行率 computed. */
export function FundingTable() {
  const { t } = useTranslation();
  const format = useFormatMessage();
  const funding = useEditor((s) => s.template?.funding);
  const values = useEditor((s) => s.values);
  const issuesByField = useEditor((s) => s.issuesByField);
  if (!funding) return <p className="muted">{t('editor:funding.none')}</p>;
  const num = (c: string) => {
    const v = values[c];
    return typeof v === 'number' ? v : null;
  };
  const summary = summariseFunding(
    funding.sources.map((s) => ({
      source: s.code,
      planned: num(field.funding(s.code, 'planned')),
      received: num(field.funding(s.code, 'received')),
      spent: num(field.funding(s.code, 'spent')),
    })),
  );
  const colLabel = (c: FundingColumn) => t(`editor:funding.${c}`);
  return (
    <div className="funding">
      <table
        className="data-table funding-table"
        aria-label={t('editor:funding.caption', { unit: funding.unit })}
      >
        <caption>{t('editor:funding.caption', { unit: funding.unit })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('editor:funding.source')}</th>
            {FUNDING_COLUMNS.map((c) => (
              <th scope="col" key={c}>
                {colLabel(c)}
              </th>
            ))}
            <th scope="col">{t('editor:funding.arrivalRate')}</th>
            <th scope="col">{t('editor:funding.executionRate')}</th>
          </tr>
        </thead>
        <tbody>
          {funding.sources.map((s, i) => {
            const line = summary.lines[i]!;
            const issues = FUNDING_COLUMNS.flatMap((c) => issuesByField[field.funding(s.code, c)] ?? []);
            return (
              <tr key={s.code} id={`field-fund-${s.code}`}>
                <th scope="row">
                  {s.name}
                  {issues.length > 0 && (
                    <ul className="cell-issues">
                      {issues.map((x, k) => (
                        <li key={k} className={`issue-${x.severity}`}>
                          {format(x.message)}
                        </li>
                      ))}
                    </ul>
                  )}
                </th>
                {FUNDING_COLUMNS.map((c) => (
                  <td key={c} className="col-input">
                    <MoneyCell code={field.funding(s.code, c)} label={`${s.name} ${colLabel(c)}`} />
                  </td>
                ))}
                <td className="col-num">{pct(line.arrivalRate)}</td>
                <td className="col-num">{pct(line.executionRate)}</td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('editor:funding.total')}</th>
            <td className="col-num">{money(summary.planned)}</td>
            <td className="col-num">{money(summary.received)}</td>
            <td className="col-num">{money(summary.spent)}</td>
            <td className="col-num" data-testid="arrival-rate">
              {pct(summary.arrivalRate)}
            </td>
            <td className="col-num" data-testid="execution-rate">
              {pct(summary.executionRate)}
            </td>
          </tr>
        </tfoot>
      </table>
      <p className="muted">{t('editor:funding.explain')}</p>
    </div>
  );
}
