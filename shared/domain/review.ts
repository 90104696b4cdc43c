/**
 * Reviews (考核评价) as records: who scores which stage, the id of a submission's review at a
 * stage, and the scoring-engine input gathered from a submission and its reviews.
 *
 * Stage codes carry the role that scores them, in every template: `self` is the unit's own
 * 自评 (kept in the submission's `score:` fields, never a review record), `province` is 省评 by
 * the provincial office (or the ministry on its behalf) and `ministry` is 复核 by the ministry.
 */
import { sha256HexSync } from '../util/sha256.ts';
import { chinaDate } from './rectification.ts';
import type { Template } from './template.ts';
import { scoreReview, type FinalScore, type ReviewInput } from './scoring-engine.ts';

export type ReviewerRole = 'province' | 'ministry';

/** Stages a reviewer scores, by code; any other stage is the unit's own. */
export const STAGE_REVIEWERS: Readonly<Record<string, readonly ReviewerRole[]>> = {
  province: ['province', 'ministry'],
  ministry: ['ministry'],
};

/** Whether a user of `role` may score `stage`. */
export function canScoreStage(role: string, stage: string): boolean {
  return (STAGE_REVIEWERS[stage] ?? []).includes(role as ReviewerRole);
}

/** The stages of a template a user of `role` scores, in the template's order. */
export function stagesFor(template: Template, role: string): Template['stages'] {
  return template.stages.filter((s) => canScoreStage(role, s.code));
}

/**
 * One id per submission and stage, derived from both: two reviewers scoring the same stage
 * offline write the same record and meet in a field merge instead of two rival grades.
 */
export function reviewIdFor(submissionId: string, stage: string): string {
  return `rv-${sha256HexSync(`${submissionId}\n${stage}`).slice(0, 40)}`;
}

export interface StoredReview {
  stage: string;
  combination: string;
  scores: Readonly<Record<string, number | null>>;
  gradedOn?: string | null;
}

/**
 * Everything scoreReview needs for one unit: the 自评 stage from the submission's own `score:`
 * fields, dated by its submission (a self-evaluation counts once it is handed in), and one stage
 * per review record. The combination is the latest review's, else the template's first (the only
 * one for single-combination templates).
 */
export function reviewInputOf(
  template: Template,
  submission: { values: Readonly<Record<string, unknown>>; submittedAt?: string },
  reviews: readonly StoredReview[],
): ReviewInput {
  const byStage = new Map(reviews.map((r) => [r.stage, r]));
  const stages = template.stages.map((s) => {
    const review = byStage.get(s.code);
    if (review) return { stage: s.code, values: review.scores, gradedOn: review.gradedOn ?? null };
    if (canScoreStage('province', s.code) || canScoreStage('ministry', s.code))
      return { stage: s.code, values: {}, gradedOn: null };
    return {
      stage: s.code,
      values: submission.values,
      gradedOn: submission.submittedAt ? chinaDate(new Date(submission.submittedAt)) : null,
    };
  });
  const combination =
    [...template.stages]
      .reverse()
      .map((s) => byStage.get(s.code)?.combination)
      .find((c) => c !== undefined) ??
    template.scoring?.combinations[0]?.code ??
    '';
  return { combination, stages };
}

/**
 * The final score and grade of each submission from its reviewers' records alone (the latest
 * completed 省评/复核), as the province workspace and its summary list them. A submission with no
 * completed reviewer stage has no entry.
 */
export function reviewerGrades(
  template: Template,
  reviews: readonly (StoredReview & { submissionId: string })[],
): Map<string, FinalScore> {
  const bySubmission = new Map<string, StoredReview[]>();
  for (const r of reviews) {
    const list = bySubmission.get(r.submissionId);
    if (list) list.push(r);
    else bySubmission.set(r.submissionId, [r]);
  }
  const out = new Map<string, FinalScore>();
  for (const [id, list] of bySubmission) {
    const final = scoreReview(template, reviewInputOf(template, { values: {} }, list)).final;
    if (final) out.set(id, final);
  }
  return out;
}
