import { describe, expect, it } from 'vitest';
import {
  combinedScore,
  gradeFor,
  partScore,
  roundScore,
  SCORE_DECIMALS,
} from '../../shared/domain/scoring.ts';
import { templateSchema, type Scoring } from '../../shared/domain/template.ts';
import { keyTasks2023 } from '../../shared/templates/keytasks-2023.ts';
import { shuangGao2024 } from '../../shared/templates/shuanggao-2024.ts';

const shuanggao = templateSchema.parse(shuangGao2024);
const keytasks = templateSchema.parse(keyTasks2023);
const part = (code: string) => shuanggao.scoring!.parts.find((p) => p.code === code)!;
const combination = (code: string) => shuanggao.scoring!.combinations.find((c) => c.code === code)!;

/** Dimension scores of a part from a list in the part's dimension order. */
function scoresOf(partCode: string, list: number[]): Record<string, number> {
  return Object.fromEntries(part(partCode).dimensions.map((d, i) => [d.code, list[i] as number]));
}

const SCHOOL = [90, 85, 80, 95, 88, 92, 78, 86, 84, 90]; // Σ 868 → 86.80
const CLUSTER_A = [80, 82, 84, 86, 88, 90, 92, 94, 96]; // Σ 792 → 88.00
const CLUSTER_B = [70, 75, 80, 85, 90, 72, 68, 77, 83]; // Σ 700 → 77.777… → 77.78

describe('roundScore (四舍五入 to 2 places after removing binary noise)', () => {
  it('rounds half away from zero on the decimal value', () => {
    expect(SCORE_DECIMALS).toBe(2);
    expect(roundScore(89.995)).toBe(90);
    expect(roundScore(89.994)).toBe(89.99);
    expect(roundScore(89.9949999)).toBe(89.99);
    expect(roundScore(1.005)).toBe(1.01);
    expect(roundScore(84.845)).toBe(84.85);
    expect(roundScore(77.77777777777777)).toBe(77.78);
    expect(roundScore(0.1 + 0.2)).toBe(0.3);
    expect(roundScore(-2.345)).toBe(-2.35);
    expect(roundScore(-0.001)).toBe(0);
    expect(roundScore(12.3456, 3)).toBe(12.346);
    expect(roundScore(100)).toBe(100);
  });
});

describe('partScore: dimensions weighted within a part, normalised by maxScore', () => {
  it('学校层面: ten equal weights → the mean of the ten scores', () => {
    expect(partScore(part('school'), scoresOf('school', SCHOOL))).toBe(86.8);
    expect(partScore(part('school'), scoresOf('school', Array(10).fill(100)))).toBe(100);
  });

  it('专业群层面: nine weights of 1/9 → the mean, rounded to 2 places', () => {
    expect(partScore(part('cluster'), scoresOf('cluster', CLUSTER_A))).toBe(88);
    expect(partScore(part('cluster'), scoresOf('cluster', CLUSTER_B))).toBe(77.78);
    // 9 × 1/9 is 0.9999999999999999 in binary; full marks still make exactly 100.
    expect(partScore(part('cluster'), scoresOf('cluster', Array(9).fill(100)))).toBe(100);
  });

  it('normalises each dimension by its maximum before weighting', () => {
    const p: Scoring['parts'][number] = {
      code: 'p',
      name: 'p',
      dimensions: [
        { code: 'a', name: 'a', weight: 0.5, maxScore: 10, guidance: '' },
        { code: 'b', name: 'b', weight: 0.5, maxScore: 20, guidance: '' },
      ],
    };
    // 8/10 → 80 × 0.5 = 40; 15/20 → 75 × 0.5 = 37.5
    expect(partScore(p, { a: 8, b: 15 })).toBe(77.5);
  });

  it('keytasks-2023: weights 0.3/0.2/0.2/0.3', () => {
    const unit = keytasks.scoring!.parts[0]!;
    // 0.3×92 + 0.2×88 + 0.2×80 + 0.3×95 = 27.6 + 17.6 + 16 + 28.5
    expect(partScore(unit, { targets: 92, tasks: 88, funding: 80, quality: 95 })).toBe(89.7);
  });

  it('is null while any dimension is missing', () => {
    const scores: Record<string, number | null> = scoresOf('school', SCHOOL);
    scores.global = null;
    expect(partScore(part('school'), scores)).toBeNull();
    expect(partScore(part('school'), {})).toBeNull();
  });
});

describe('combinedScore: the notice’s combinations', () => {
  it('高水平学校建设单位 = 学校层面 × 50% + 专业群A × 25% + 专业群B × 25%', () => {
    // 86.8 × 0.5 + 88 × 0.25 + 77.78 × 0.25 = 43.4 + 22 + 19.445 = 84.845 → 84.85
    expect(combinedScore(combination('school'), { school: 86.8, clusterA: 88, clusterB: 77.78 })).toBe(84.85);
    // Built from the part scores as shown (77.78), not from 77.777…, which would give 84.84.
    expect(combinedScore(combination('school'), { school: 86.8, clusterA: 88, clusterB: 700 / 9 })).toBe(
      84.85,
    );
  });

  it('高水平专业群建设单位 = 学校层面 × 30% + 专业群 × 70%', () => {
    // 86.8 × 0.3 + 77.78 × 0.7 = 26.04 + 54.446 = 80.486 → 80.49
    expect(combinedScore(combination('group'), { school: 86.8, cluster: 77.78 })).toBe(80.49);
    // 90 × 0.3 + 60 × 0.7 = 27 + 42
    expect(combinedScore(combination('group'), { school: 90, cluster: 60 })).toBe(69);
  });

  it('is null while any slot is missing', () => {
    expect(combinedScore(combination('school'), { school: 86.8, clusterA: 88 })).toBeNull();
    expect(combinedScore(combination('group'), { school: 86.8, cluster: null })).toBeNull();
  });
});

describe('gradeFor: bands inclusive of their lower edge, on the rounded score', () => {
  const shuanggaoEdges: [number, string | null][] = [
    [100, '优'],
    [90.01, '优'],
    [90, '优'],
    [89.995, '优'],
    [89.994, '良'],
    [89.99, '良'],
    [75.01, '良'],
    [75, '良'],
    [74.995, '良'],
    [74.99, '中'],
    [60.01, '中'],
    [60, '中'],
    [59.99, '差'],
    [0, '差'],
    [-0.01, null],
  ];
  it.each(shuanggaoEdges)('双高 %s → %s', (score, grade) => {
    expect(gradeFor(score, shuanggao.grades)?.name ?? null).toBe(grade);
  });

  const keytasksEdges: [number, string | null][] = [
    [90.01, '优秀'],
    [90, '优秀'],
    [89.995, '优秀'],
    [89.99, '良好'],
    [75, '良好'],
    [74.99, '合格'],
    [60, '合格'],
    [59.994, '不合格'],
    [59.99, '不合格'],
    [0, '不合格'],
  ];
  it.each(keytasksEdges)('keytasks %s → %s', (score, grade) => {
    expect(gradeFor(score, keytasks.grades)?.name ?? null).toBe(grade);
  });

  it('gives no grade without a score', () => {
    expect(gradeFor(null, shuanggao.grades)).toBeNull();
    expect(gradeFor(Number.NaN, shuanggao.grades)).toBeNull();
  });
});
