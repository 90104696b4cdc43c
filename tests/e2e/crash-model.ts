/**
 * What a kill may and may not do to the stored submission, as a log of writes.
 *
 * Every keystroke is one write and an import is one write of many fields; IndexedDB commits the
 * writes of one page in order. So after a kill the store must hold exactly the state after SOME
 * prefix of the log, and that prefix must include every write the page acknowledged (已保存, or
 * 已导入 for an import). Fields the log never touched must be as they were.
 */

/** field → normalised stored value; a missing key is an empty field. */
export type StoreState = Map<string, string>;

/** One write: the fields it sets (undefined clears a field). */
export type Write = Map<string, string | undefined>;

/** A small seeded PRNG (mulberry32): the same seed replays the same run. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}

export class WriteLog {
  readonly writes: Write[] = [];
  /** Writes 0 … acknowledged-1 were acknowledged by the page. */
  acknowledged = 0;

  add(write: Write): void {
    this.writes.push(write);
  }

  /** The page said every write so far is saved. */
  acknowledge(): void {
    this.acknowledged = this.writes.length;
  }
}

const show = (v: string | undefined) => (v === undefined ? '∅' : v.length > 60 ? `${v.slice(0, 57)}…` : v);

export type Verdict =
  | {
      ok: true;
      /** Every prefix length the stored state matches (several when writes repeat a value). */ kept: number[];
    }
  | { ok: false; reason: string };

/**
 * Checks `stored` against `before` + the log: it must be the state after some prefix of at least
 * `acknowledged` writes. When it is not, the reason names the fields of the closest allowed prefix.
 */
export function judge(before: StoreState, log: WriteLog, stored: StoreState): Verdict {
  const touched = new Set<string>();
  for (const w of log.writes) for (const f of w.keys()) touched.add(f);
  const untouched: string[] = [];
  for (const f of new Set([...before.keys(), ...stored.keys()])) {
    if (touched.has(f)) continue;
    if (before.get(f) !== stored.get(f))
      untouched.push(`${f}: was ${show(before.get(f))}, now ${show(stored.get(f))} (never written)`);
  }
  if (untouched.length) return { ok: false, reason: untouched.join('; ') };

  const current = new Map<string, string | undefined>();
  for (const f of touched) current.set(f, before.get(f));
  const kept: number[] = [];
  const diffs: { prefix: number; diff: string[] }[] = [];
  for (let p = 0; p <= log.writes.length; p++) {
    if (p > 0) for (const [f, v] of log.writes[p - 1]!) current.set(f, v);
    if (p < log.acknowledged) continue;
    const diff = [...touched]
      .filter((f) => current.get(f) !== stored.get(f))
      .map((f) => `${f}: expected ${show(current.get(f))}, stored ${show(stored.get(f))}`);
    if (diff.length === 0) kept.push(p);
    else diffs.push({ prefix: p, diff });
  }
  if (kept.length) return { ok: true, kept };
  diffs.sort((a, b) => a.diff.length - b.diff.length);
  const best = diffs[0]!;
  return {
    ok: false,
    reason:
      `no prefix of the ${log.writes.length} writes keeping the ${log.acknowledged} acknowledged matches; ` +
      `closest is after ${best.prefix} writes: ${best.diff.join('; ')}`,
  };
}

/** Report sections are HTML; what a kill must keep is their text. */
export function reportText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** One stored value row in the form the model compares (reports by text, the rest as JSON). */
export function normalise(code: string, value: unknown, raw: unknown): string | undefined {
  if ((value === null || value === undefined) && (raw === null || raw === undefined)) return undefined;
  if (code.startsWith('report:') && typeof value === 'string' && (raw === null || raw === undefined)) {
    const text = reportText(value);
    return text === '' ? undefined : `text:${text}`;
  }
  return JSON.stringify(raw === null || raw === undefined ? value : { value, raw });
}
