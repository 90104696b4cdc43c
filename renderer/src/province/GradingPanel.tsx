/**
 * 考核评分 on a handed-in submission: the reviewer scores each dimension of each slot of the
 * template's combination for their stage (省评 or 复核), dates the grade, and for a low grade lists
 * the 整改 items with their due dates. Every change is stored at once (saveReview) and synced as
 * the stage's review record; the stages are shown side by side with the final result. Units see
 * the same table read-only.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../db.ts';
import { useEditor } from '../submission/editor-store.ts';
import { useSync } from '../sync/sync-service.ts';
import { useUi } from '../store/ui.ts';
import { reviewsOf, saveReview, StorageError, type ReviewChange } from '../../../shared/db/index.ts';
import type { RectificationRecord, ReviewRecord } from '../../../shared/db/records.ts';
import { reviewInputOf, stagesFor } from '../../../shared/domain/review.ts';
import { scoreReview, scoreSlots, scoreStage } from '../../../shared/domain/scoring-engine.ts';
import { chinaDate, reviewRectification } from '../../../shared/domain/rectification.ts';
import { newId } from '../../../shared/util/ids.ts';
import { useFormatMessage } from '../useMessage.ts';

const SCORABLE = new Set(['submitted', 'resubmitted', 'accepted']);

export function GradingPanel() {
  const { t } = useTranslation('province');
  const user = useSync((s) => s.status?.user);
  const submission = useEditor((s) => s.submission);
  const template = useEditor((s) => s.template);
  const values = useEditor((s) => s.values);
  const notify = useUi((s) => s.notify);
  const reviews = useLiveQuery(
    () => (submission ? reviewsOf(db, submission.id) : Promise.resolve([] as ReviewRecord[])),
    [submission?.id],
  );
  const live = useLiveQuery(
    () => (submission ? db.submissions.get(submission.id) : undefined),
    [submission?.id],
  );
  const role = user?.role ?? 'unit';
  const ownStages = template ? stagesFor(template, role) : [];
  const [stageChoice, setStageChoice] = useState<string | null>(null);
  // Text typed into a score cell that is not a number stays on screen, never stored.
  const [typed, setTyped] = useState<Record<string, string>>({});

  if (!submission || !template?.scoring || !reviews || !live || !SCORABLE.has(live.status)) return null;
  const reviewer = ownStages.length > 0;
  if (!reviewer && reviews.length === 0) return null;

  const stage = stageChoice ?? ownStages.at(-1)?.code ?? '';
  const mine = reviews.find((r) => r.stage === stage);
  const combination = mine?.combination || template.scoring.combinations[0]!.code;
  const all = scoreReview(
    template,
    reviewInputOf(template, { values, submittedAt: live.submittedAt }, reviews),
  );

  const save = async (change: Omit<ReviewChange, 'submissionId' | 'stage'>) => {
    try {
      await saveReview(db, { submissionId: submission.id, stage, combination, ...change }, user!.displayName);
    } catch (err) {
      notify(
        'error',
        err instanceof StorageError
          ? err.userMessage
          : { key: 'province:failed', params: { detail: String(err) } },
      );
    }
  };

  return (
    <section className="grading-panel" aria-label={t('grading.title')}>
      <h3>{t('grading.title')}</h3>
      <table className="grading-stages" aria-label={t('grading.stages')}>
        <thead>
          <tr>
            <th scope="col">{t('grading.stage')}</th>
            <th scope="col">{t('grading.score')}</th>
            <th scope="col">{t('grading.grade')}</th>
            <th scope="col">{t('grading.gradedOn')}</th>
          </tr>
        </thead>
        <tbody>
          {all.stages.map((s) => (
            <tr key={s.stage} data-stage={s.stage}>
              <th scope="row">{s.name}</th>
              <td>{s.score === null ? '—' : s.score.toFixed(2)}</td>
              <td>{s.grade?.name ?? '—'}</td>
              <td>{s.completed ? s.gradedOn : t('grading.notCompleted')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="grading-final" data-testid="final-grade">
        {all.final
          ? t('grading.final', {
              stage: all.final.name,
              score: all.final.score.toFixed(2),
              grade: all.final.grade.name,
            })
          : t('grading.noFinal')}
      </p>

      {reviewer ? (
        <StageForm
          key={stage}
          stage={stage}
          stages={ownStages}
          onStage={setStageChoice}
          combination={combination}
          review={mine}
          typed={typed}
          setTyped={setTyped}
          save={save}
        />
      ) : (
        <Rectification review={reviews.at(-1)} readOnly save={save} />
      )}
    </section>
  );
}

interface StageFormProps {
  stage: string;
  stages: { code: string; name: string }[];
  onStage(code: string): void;
  combination: string;
  review: ReviewRecord | undefined;
  typed: Record<string, string>;
  setTyped(next: Record<string, string>): void;
  save(change: Omit<ReviewChange, 'submissionId' | 'stage'>): Promise<void>;
}

function StageForm({ stage, stages, onStage, combination, review, typed, setTyped, save }: StageFormProps) {
  const { t } = useTranslation('province');
  const format = useFormatMessage();
  const template = useEditor((s) => s.template)!;
  const scores = review?.scores ?? {};
  const result = scoreStage(template, combination, {
    stage,
    values: scores,
    gradedOn: review?.gradedOn ?? null,
  });
  const slots = scoreSlots(template, combination);
  const combos = template.scoring!.combinations;

  const onScore = (field: string, max: number, text: string) => {
    const trimmed = text.trim();
    if (trimmed === '') {
      setTyped({ ...typed, [field]: '' });
      void save({ scores: { [field]: null } });
      return;
    }
    const n = Number(trimmed);
    setTyped({ ...typed, [field]: text });
    if (Number.isFinite(n) && n >= 0 && n <= max) void save({ scores: { [field]: n } });
  };
  const cellError = (field: string, name: string, max: number): string | null => {
    const text = typed[field];
    if (text === undefined || text.trim() === '') return null;
    const n = Number(text.trim());
    if (!Number.isFinite(n)) return t('grading.notNumber', { name, value: text });
    if (n < 0 || n > max) return t('grading.outOfRange', { name, max });
    return null;
  };

  return (
    <div className="grading-form">
      <div className="grading-choose">
        {stages.length > 1 && (
          <label>
            {t('grading.stage')}{' '}
            <select value={stage} onChange={(e) => onStage(e.target.value)}>
              {stages.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {combos.length > 1 && (
          <label>
            {t('grading.combination')}{' '}
            <select value={combination} onChange={(e) => void save({ combination: e.target.value })}>
              {combos.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t('grading.gradedOn')}{' '}
          <input
            type="date"
            value={review?.gradedOn ?? ''}
            onChange={(e) => void save({ gradedOn: e.target.value || null })}
          />
        </label>
      </div>
      {slots.map((slot) => {
        const slotScore = result.slots.find((s) => s.slot === slot.slot);
        return (
          <table key={slot.slot} className="grading-slot" aria-label={slot.label}>
            <caption>
              {t('grading.slot', {
                label: slot.label,
                weight: Math.round(slot.weight * 100),
                score: slotScore?.score == null ? '—' : slotScore.score.toFixed(2),
              })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('grading.dimension')}</th>
                <th scope="col">{t('grading.weight')}</th>
                <th scope="col">{t('grading.max')}</th>
                <th scope="col">{t('grading.score')}</th>
              </tr>
            </thead>
            <tbody>
              {slot.dimensions.map((d) => {
                const stored = scores[d.field];
                const error = cellError(d.field, d.name, d.maxScore);
                return (
                  <tr key={d.field}>
                    <th scope="row" title={d.guidance}>
                      {d.name}
                    </th>
                    <td>{Math.round(d.weight * 1000) / 10}%</td>
                    <td>{d.maxScore}</td>
                    <td>
                      <input
                        inputMode="decimal"
                        aria-label={t('grading.scoreOf', { slot: slot.label, name: d.name })}
                        aria-invalid={error ? true : undefined}
                        value={typed[d.field] ?? (stored == null ? '' : String(stored))}
                        onChange={(e) => onScore(d.field, d.maxScore, e.target.value)}
                      />
                      {error && (
                        <span className="cell-error" role="alert">
                          {error}
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        );
      })}
      <p className="grading-total" data-testid="stage-total">
        {t('grading.total', {
          score: result.score === null ? '—' : result.score.toFixed(2),
          grade: result.grade?.name ?? '—',
        })}
      </p>
      {result.issues.length > 0 && (
        <ul className="grading-issues">
          {result.issues.map((i, k) => (
            <li key={k} className={`issue-${i.severity}`}>
              {format(i.message)}
            </li>
          ))}
        </ul>
      )}
      {review && <Rectification review={review} grade={result.grade?.name ?? null} save={save} />}
    </div>
  );
}

function Rectification({
  review,
  grade,
  readOnly,
  save,
}: {
  review: ReviewRecord | undefined;
  grade?: string | null;
  readOnly?: boolean;
  save(change: Omit<ReviewChange, 'submissionId' | 'stage'>): Promise<void>;
}) {
  const { t } = useTranslation('province');
  const format = useFormatMessage();
  const template = useEditor((s) => s.template)!;
  if (!review) return null;
  const gradeName =
    grade !== undefined
      ? grade
      : (scoreStage(template, review.combination, {
          stage: review.stage,
          values: review.scores,
          gradedOn: review.gradedOn ?? null,
        }).grade?.name ?? null);
  const items = review.rectification;
  const report = reviewRectification(
    template,
    { grade: gradeName, gradedOn: review.gradedOn ?? null, items },
    chinaDate(),
  );
  // Required by the grade's band (双高 中/差); a reviewer may list items for any grade.
  if (readOnly && !report.required && items.length === 0) return null;
  const put = (next: RectificationRecord[]) => void save({ rectification: next });
  const change = (id: string, patch: Partial<RectificationRecord>) =>
    put(items.map((x) => (x.id === id ? { ...x, ...patch } : x)));

  return (
    <div className="rectification" aria-label={t('grading.rectification')}>
      <h4>{t('grading.rectification')}</h4>
      {report.defaultDue && <p className="muted">{t('grading.defaultDue', { date: report.defaultDue })}</p>}
      <table className="rectification-items">
        <thead>
          <tr>
            <th scope="col">{t('grading.item')}</th>
            <th scope="col">{t('grading.dueOn')}</th>
            <th scope="col">{t('grading.doneOn')}</th>
            <th scope="col">{t('grading.itemStatus')}</th>
            {!readOnly && (
              <th scope="col">
                <span className="visually-hidden">{t('col.action')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {report.items.map((item, i) => (
            <tr key={item.id} data-status={item.status}>
              <td>
                {readOnly ? (
                  item.text
                ) : (
                  // Uncontrolled: an emptied item is not stored (the platform refuses one), the
                  // last words stay until new ones are typed.
                  <input
                    aria-label={t('grading.itemText', { no: i + 1 })}
                    defaultValue={items[i]!.text}
                    maxLength={2000}
                    onChange={(e) =>
                      e.target.value.trim() && change(item.id, { text: e.target.value.trim() })
                    }
                  />
                )}
              </td>
              <td>
                {readOnly ? (
                  (item.due ?? '—')
                ) : (
                  <input
                    type="date"
                    aria-label={t('grading.itemDue', { no: i + 1 })}
                    value={items[i]!.dueOn ?? ''}
                    placeholder={report.defaultDue ?? ''}
                    onChange={(e) => change(item.id, { dueOn: e.target.value || null })}
                  />
                )}
              </td>
              <td>
                {readOnly ? (
                  (item.doneOn ?? '—')
                ) : (
                  <input
                    type="date"
                    aria-label={t('grading.itemDone', { no: i + 1 })}
                    value={items[i]!.doneOn ?? ''}
                    onChange={(e) => change(item.id, { doneOn: e.target.value || null })}
                  />
                )}
              </td>
              <td>
                <span className={`status-tag rect-${item.status}`}>
                  {t(`grading.status.${item.status}`, { due: item.due ?? '' })}
                </span>
              </td>
              {!readOnly && (
                <td>
                  <button
                    type="button"
                    className="text-button"
                    onClick={() => put(items.filter((x) => x.id !== item.id))}
                  >
                    {t('grading.removeItem')}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {!readOnly && (
        <button
          type="button"
          className="secondary"
          onClick={() => put([...items, { id: newId(), text: t('grading.newItem') }])}
        >
          {t('grading.addItem')}
        </button>
      )}
      {report.issues.length > 0 && (
        <ul className="grading-issues">
          {report.issues.map((i, k) => (
            <li key={k} className={`issue-${i.severity}`}>
              {format(i.message)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
