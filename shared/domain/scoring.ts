/** Scores as the template defines them: dimensions weighted within a part, parts combined by slot weights. */
import type { GradeBand, Scoring } from './template.ts';

type Part = Scoring['parts'][number];

/**
 * A part's score on a 0–100 scale: each dimension's score as a share of its maximum, weighted.
 * Null until every dimension is scored, so a half-filled form never shows a misleading total.
 */
export function partScore(part: Part, scores: Record<string, number | null | undefined>): number | null {
  let total = 0;
  for (const d of part.dimensions) {
    const s = scores[d.code];
    if (typeof s !== 'number') return null;
    total += (s / d.maxScore) * 100 * d.weight;
  }
  return Math.round(total * 100) / 100;
}

/** Combines slot scores by the combination's weights; null while any slot is missing. */
export function combinedScore(
  combination: Scoring['combinations'][number],
  slotScores: Record<string, number | null | undefined>,
): number | null {
  let total = 0;
  for (const slot of combination.slots) {
    const s = slotScores[slot.slot];
    if (typeof s !== 'number') return null;
    total += s * slot.weight;
  }
  return Math.round(total * 100) / 100;
}

/** The grade whose band holds the score; bands are listed best first with their lowest score. */
export function gradeFor(score: number | null, grades: GradeBand[]): GradeBand | null {
  if (score === null) return null;
  return grades.find((g) => score >= g.minScore) ?? null;
}
