/**
 * Scores as the template defines them: dimensions weighted within a part, parts combined by slot
 * weights, grades by the template's bands. Pure arithmetic, no template-specific code; the stage
 * by stage engine on top of it is scoring-engine.ts, rectification (整改) is rectification.ts.
 *
 * Rounding rule (one rule everywhere, so a reviewer can redo every figure by hand):
 * - a part score is Σ (score ÷ maxScore × 100 × weight) over the part's dimensions, rounded to
 *   SCORE_DECIMALS (2) places;
 * - a unit score is Σ (rounded part score × slot weight), rounded to 2 places again — it is built
 *   from the part scores as displayed, never from hidden extra digits;
 * - rounding is 四舍五入 (half away from zero) on the decimal value: binary noise is removed first
 *   (15 significant digits, as the expression language's `round` does), so 89.995 → 90.00 although
 *   the double nearest 89.995 is 89.99499999…;
 * - grade bands compare the rounded score with their minScore, inclusive: 90.00 is 优 when 优
 *   starts at 90, and 89.994 (→ 89.99) is not.
 */
import type { GradeBand, Scoring } from './template.ts';

type Part = Scoring['parts'][number];
type Combination = Scoring['combinations'][number];

/** Places every score is rounded to before it is shown, combined or banded. */
export const SCORE_DECIMALS = 2;

/** 四舍五入 to `decimals` places after removing binary noise (89.995 → 90, 1.005 → 1.01). */
export function roundScore(value: number, decimals: number = SCORE_DECIMALS): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** decimals;
  const scaled = Number((Math.abs(value) * f).toPrecision(15));
  const rounded = Math.round(scaled) / f;
  return value < 0 && rounded !== 0 ? -rounded : rounded;
}

/**
 * A part's score on a 0–100 scale: each dimension's score as a share of its maximum, weighted.
 * Null until every dimension is scored, so a half-filled form never shows a misleading total.
 */
export function partScore(part: Part, scores: Record<string, number | null | undefined>): number | null {
  let total = 0;
  for (const d of part.dimensions) {
    const s = scores[d.code];
    if (typeof s !== 'number' || !Number.isFinite(s)) return null;
    total += (s / d.maxScore) * 100 * d.weight;
  }
  return roundScore(total);
}

/** Combines slot scores by the combination's weights; null while any slot is missing. */
export function combinedScore(
  combination: Combination,
  slotScores: Record<string, number | null | undefined>,
): number | null {
  let total = 0;
  for (const slot of combination.slots) {
    const s = slotScores[slot.slot];
    if (typeof s !== 'number' || !Number.isFinite(s)) return null;
    total += roundScore(s) * slot.weight;
  }
  return roundScore(total);
}

/**
 * The grade whose band holds the score; bands are listed best first with their lowest score
 * (inclusive). The score is rounded first (see above). Null for no score or one below every band.
 */
export function gradeFor(score: number | null, grades: readonly GradeBand[]): GradeBand | null {
  if (score === null || !Number.isFinite(score)) return null;
  const rounded = roundScore(score);
  return grades.find((g) => rounded >= g.minScore) ?? null;
}
