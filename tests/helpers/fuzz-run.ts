/**
 * Run settings shared by the fuzz suites (tests/unit/fuzz-*.test.ts).
 *
 * By default every property runs a small, fixed number of times and is cut off by a time budget
 * (fast-check's interruptAfterTimeLimit), so the whole fuzz suite stays around a minute on a slow
 * two-core machine. Every single run is also bounded (fast-check's timeout plugin): a run that takes
 * longer is reported as a failure (a hang), with its seed and shrunk input like any other failure.
 *
 *   FUZZ_RUNS=2000 npx vitest run tests/unit/fuzz-   a longer session: that many runs per property,
 *                                                    no overall time budget
 *   FUZZ_SEED=… FUZZ_PATH=…                          replay a reported failure (fast-check prints
 *                                                    both as `seed` and `path`)
 */
import fc from 'fast-check';

function envNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got “${raw}”`);
  return n;
}

/** Runs per property requested on the command line (a longer session), or undefined. */
export const FUZZ_RUNS = envNumber('FUZZ_RUNS');
const FUZZ_SEED = envNumber('FUZZ_SEED');
const FUZZ_PATH = process.env.FUZZ_PATH?.trim() || undefined;

/** True when someone asked for a long session: budgets are lifted. */
export const LONG_SESSION = FUZZ_RUNS !== undefined;

export interface FuzzBudget {
  /** Runs in the default (short) session. */
  runs: number;
  /** Time budget of the whole property in the default session, in ms. */
  budgetMs: number;
  /** Longest a single run may take before it counts as a hang, in ms. */
  perRunMs?: number;
}

/** fast-check parameters for one property. */
export function fuzzParams<T = unknown>({ runs, budgetMs, perRunMs }: FuzzBudget): fc.Parameters<T> {
  const plugins: fc.Plugin<unknown>[] = [];
  if (perRunMs !== undefined) plugins.push(fc.timeout(perRunMs));
  if (!LONG_SESSION) plugins.push(fc.interruptAfterTimeLimit(budgetMs));
  return {
    numRuns: FUZZ_RUNS ?? runs,
    plugins: plugins as fc.Plugin<T>[],
    ...(FUZZ_SEED === undefined ? {} : { seed: FUZZ_SEED }),
    ...(FUZZ_PATH === undefined ? {} : { path: FUZZ_PATH }),
  };
}

/**
 * The vitest timeout for a test holding properties with these budgets: their budgets plus room
 * for set-up and for shrinking a failure; unbounded in a long session.
 */
export function testTimeout(...budgets: FuzzBudget[]): number {
  if (LONG_SESSION) return 24 * 3600_000;
  return budgets.reduce((sum, b) => sum + b.budgetMs + (b.perRunMs ?? 0), 0) + 30_000;
}

/**
 * Runs `work` and fails when it takes longer than `limitMs`: the bound for synchronous code
 * (the expression parser), which fast-check's timeout cannot interrupt.
 */
export function within<T>(limitMs: number, what: () => string, work: () => T): T {
  const start = performance.now();
  const result = work();
  const took = performance.now() - start;
  if (took > limitMs) throw new Error(`${what()} took ${Math.round(took)} ms (limit ${limitMs} ms)`);
  return result;
}
