import { describe, expect, it } from 'vitest';
import {
  completionRate,
  exceedsYoyThreshold,
  summariseFunding,
  yearOverYear,
} from '../../shared/domain/rates.ts';
import { isEditable, transition } from '../../shared/domain/submission-status.ts';
import { daysUntil, deadlineOf, isOnTime } from '../../shared/domain/deadline.ts';

describe('rates', () => {
  it('completion rate against the yearly target', () => {
    expect(completionRate(150, 120)).toBe(1.25);
    expect(completionRate(0, 120)).toBe(0);
    expect(completionRate(10, 0)).toBeNull();
    expect(completionRate(null, 10)).toBeNull();
  });

  it('funding: 到位率 and 预算执行率 per source and in total', () => {
    const s = summariseFunding([
      { source: 'CENTRAL', planned: 500, received: 400, spent: 300 },
      { source: 'LOCAL', planned: 300, received: 300, spent: 150 },
      { source: 'SELF', planned: 200, received: null, spent: null },
    ]);
    expect([s.planned, s.received, s.spent]).toEqual([1000, 700, 450]);
    expect(s.arrivalRate).toBe(0.7);
    expect(s.executionRate).toBeCloseTo(450 / 700, 10);
    expect(s.lines[0]!.arrivalRate).toBe(0.8);
    expect(s.lines[2]!.arrivalRate).toBeNull();
  });

  it('year-over-year change and its warning threshold', () => {
    expect(yearOverYear(150, 100)).toBe(0.5);
    expect(yearOverYear(40, 100)).toBe(-0.6);
    expect(exceedsYoyThreshold(150, 100, 0.5)).toBe(false);
    expect(exceedsYoyThreshold(151, 100, 0.5)).toBe(true);
    expect(exceedsYoyThreshold(40, 100, 0.5)).toBe(true);
    expect(exceedsYoyThreshold(40, 0, 0.5)).toBe(false);
    expect(exceedsYoyThreshold(400, 100, undefined)).toBe(false);
  });
});

describe('submission status machine', () => {
  it('walks the happy path with the right roles', () => {
    expect(transition('draft', 'submit', 'unit')).toEqual({ ok: true, to: 'submitted' });
    expect(transition('submitted', 'return', 'province')).toEqual({ ok: true, to: 'returned' });
    expect(transition('returned', 'resubmit', 'unit')).toEqual({ ok: true, to: 'resubmitted' });
    expect(transition('resubmitted', 'accept', 'province')).toEqual({ ok: true, to: 'accepted' });
  });

  it('refuses wrong roles and wrong states', () => {
    expect(transition('submitted', 'accept', 'unit')).toMatchObject({ ok: false, reason: 'wrongRole' });
    expect(transition('draft', 'accept', 'province')).toMatchObject({ ok: false, reason: 'wrongState' });
    expect(transition('accepted', 'return', 'province')).toMatchObject({ ok: false, reason: 'wrongState' });
    expect(transition('submitted', 'submit', 'unit')).toMatchObject({ ok: false, reason: 'wrongState' });
  });

  it('only drafts and returned submissions are editable', () => {
    expect(
      ['draft', 'submitted', 'returned', 'resubmitted', 'accepted'].map((s) => isEditable(s as never)),
    ).toEqual([true, false, true, false, false]);
  });
});

describe('deadline 每年12月15日前 in Beijing time', () => {
  const deadline = deadlineOf(2026, '12-15');
  it('ends at 23:59:59 on 15 December, China Standard Time', () => {
    expect(deadline.toISOString()).toBe('2026-12-15T15:59:59.999Z');
  });
  it('counts whole days left', () => {
    expect(daysUntil(deadline, new Date('2026-11-23T02:00:00Z'))).toBe(22);
    expect(daysUntil(deadline, new Date('2026-12-15T15:00:00Z'))).toBe(0);
    expect(daysUntil(deadline, new Date('2026-12-15T16:30:00Z'))).toBe(-1);
  });
  it('on time up to the last millisecond of the day', () => {
    expect(isOnTime(new Date('2026-12-15T15:59:59Z'), deadline)).toBe(true);
    expect(isOnTime(new Date('2026-12-15T16:00:00Z'), deadline)).toBe(false);
  });
});
