/** Completion and funding rates as the notices define them; blank when the base is blank or zero. */
import type { Value } from './expr/index.ts';

export function rate(numerator: Value, denominator: Value): number | null {
  if (typeof numerator !== 'number' || typeof denominator !== 'number' || denominator === 0) return null;
  return numerator / denominator;
}

/** 目标完成率 = 实际值 / 年度目标值. */
export function completionRate(actual: Value, target: Value): number | null {
  return rate(actual, target);
}

export interface FundingLine {
  source: string;
  planned: number | null;
  received: number | null;
  spent: number | null;
}

export interface FundingSummary {
  planned: number;
  received: number;
  spent: number;
  /** 资金到位率 = 到位资金 / 计划投入. */
  arrivalRate: number | null;
  /** 预算执行率 = 已支出 / 到位资金. */
  executionRate: number | null;
  lines: (FundingLine & { arrivalRate: number | null; executionRate: number | null })[];
}

export function summariseFunding(lines: FundingLine[]): FundingSummary {
  const sum = (k: 'planned' | 'received' | 'spent') => lines.reduce((acc, l) => acc + (l[k] ?? 0), 0);
  const planned = sum('planned');
  const received = sum('received');
  const spent = sum('spent');
  return {
    planned,
    received,
    spent,
    arrivalRate: rate(received, planned),
    executionRate: rate(spent, received),
    lines: lines.map((l) => ({
      ...l,
      arrivalRate: rate(l.received, l.planned),
      executionRate: rate(l.spent, l.received),
    })),
  };
}

/** Relative change against last year; null when last year is blank or zero. */
export function yearOverYear(current: Value, lastYear: Value): number | null {
  if (typeof current !== 'number' || typeof lastYear !== 'number' || lastYear === 0) return null;
  return (current - lastYear) / Math.abs(lastYear);
}

/** True when the change exceeds the template's threshold (0.5 = ±50%). */
export function exceedsYoyThreshold(current: Value, lastYear: Value, threshold: number | undefined): boolean {
  const change = yearOverYear(current, lastYear);
  return threshold !== undefined && change !== null && Math.abs(change) > threshold;
}
