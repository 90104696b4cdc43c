import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEditor } from './editor-store.ts';
import { useCellText } from './useCellText.ts';
import { useFormatMessage } from '../useMessage.ts';
import { field } from '../../../shared/domain/fields.ts';
import { gradeFor, partScore } from '../../../shared/domain/scoring.ts';
import { isEditable } from '../../../shared/domain/submission-status.ts';

function ScoreInput({ code, label, max }: { code: string; label: string; max: number }) {
  const stored = useEditor((s) => s.values[code]);
  const raw = useEditor((s) => s.raw[code]);
  const editable = useEditor((s) => !!s.submission && isEditable(s.submission.status));
  const edit = useEditor((s) => s.edit);
  const display = raw ?? (typeof stored === 'number' ? String(stored) : '');
  const cell = useCellText(display);
  return (
    <input
      className="cell-input cell-number"
      aria-label={label}
      inputMode="decimal"
      disabled={!editable}
      max={max}
      value={cell.value}
      onBlur={cell.stop}
      onChange={(e) => {
        cell.change(e.target.value);
        void edit(code, e.target.value);
      }}
    />
  );
}

/** 自评: a score per dimension of the template's scheme, the weighted total, grade and conclusion. */
export function SelfEvaluation() {
  const { t } = useTranslation();
  const format = useFormatMessage();
  const template = useEditor((s) => s.template);
  const values = useEditor((s) => s.values);
  const issuesByField = useEditor((s) => s.issuesByField);
  const editable = useEditor((s) => !!s.submission && isEditable(s.submission.status));
  const edit = useEditor((s) => s.edit);
  const conclusion = values[field.conclusion];
  const [text, setText] = useState(typeof conclusion === 'string' ? conclusion : '');
  if (!template?.scoring) return <p className="muted">{t('editor:self.none')}</p>;
  return (
    <div className="self-evaluation">
      {template.scoring.parts.map((part) => {
        const scores = Object.fromEntries(
          part.dimensions.map((d) => {
            const v = values[field.score(part.code, d.code)];
            return [d.code, typeof v === 'number' ? v : null];
          }),
        );
        const total = partScore(part, scores);
        const grade = gradeFor(total, template.grades);
        return (
          <table key={part.code} className="data-table">
            <caption>{part.name}</caption>
            <thead>
              <tr>
                <th scope="col">{t('editor:self.dimension')}</th>
                <th scope="col">{t('editor:self.weight')}</th>
                <th scope="col">{t('editor:self.maxScore')}</th>
                <th scope="col">{t('editor:self.score')}</th>
              </tr>
            </thead>
            <tbody>
              {part.dimensions.map((d) => {
                const code = field.score(part.code, d.code);
                return (
                  <tr key={d.code}>
                    <th scope="row">
                      {d.name}
                      {d.guidance && <div className="muted">{d.guidance}</div>}
                      {(issuesByField[code] ?? []).map((x, k) => (
                        <div key={k} className={`issue-${x.severity}`}>
                          {format(x.message)}
                        </div>
                      ))}
                    </th>
                    <td className="col-num">{Math.round(d.weight * 1000) / 10}%</td>
                    <td className="col-num">{d.maxScore}</td>
                    <td className="col-input">
                      <ScoreInput
                        code={code}
                        label={t('editor:self.scoreOf', { name: d.name })}
                        max={d.maxScore}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={3}>
                  {t('editor:self.total')}
                </th>
                <td className="col-num" data-testid={`self-total-${part.code}`}>
                  {total === null ? '—' : total}
                  {grade && <span className="tag">{grade.name}</span>}
                </td>
              </tr>
            </tfoot>
          </table>
        );
      })}
      <label className="field">
        <span>{t('editor:self.conclusion')}</span>
        <textarea
          rows={5}
          disabled={!editable}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            void edit(field.conclusion, e.target.value);
          }}
        />
      </label>
    </div>
  );
}
