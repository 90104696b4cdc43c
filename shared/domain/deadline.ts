/** Yearly deadlines such as 每年12月15日前, counted in China Standard Time (UTC+8). */
const CST_OFFSET_MS = 8 * 3600 * 1000;

/** The deadline of `year` as the end of that day in Beijing time. */
export function deadlineOf(year: number, monthDay: string): Date {
  const [m, d] = monthDay.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, m - 1, d, 23, 59, 59, 999) - CST_OFFSET_MS);
}

/** Whole days left until the deadline (0 on the day itself, negative once passed). */
export function daysUntil(deadline: Date, now: Date = new Date()): number {
  const day = (t: number) => Math.floor((t + CST_OFFSET_MS) / 86_400_000);
  return day(deadline.getTime()) - day(now.getTime());
}

export function isOnTime(submittedAt: Date, deadline: Date): boolean {
  return submittedAt.getTime() <= deadline.getTime();
}
