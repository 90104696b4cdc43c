/**
 * Benchmark plumbing: every result is compared with a reference measured in the same run on
 * the same machine, so the ratio means something wherever it is run.
 */
export interface BenchResult {
  bench: string;
  value: number;
  unit: string;
  ref: string;
  refValue: number;
  ratio: number;
  goal?: string;
}

export interface Bench {
  name: string;
  run(): Promise<BenchResult[]>;
}

/** Median time per call in milliseconds, after warm-up, over at least `minIterations` and `minMs`. */
export function timeMedian(fn: () => unknown, minIterations = 20, minMs = 300): number {
  for (let i = 0; i < 3; i++) fn();
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < minIterations || performance.now() - start < minMs) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
    if (samples.length > 100_000) break;
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

export function result(
  bench: string,
  value: number,
  unit: string,
  ref: string,
  refValue: number,
  goal?: string,
): BenchResult {
  const round = (n: number) => Number(n.toPrecision(4));
  return {
    bench,
    value: round(value),
    unit,
    ref,
    refValue: round(refValue),
    ratio: round(refValue === 0 ? 0 : value / refValue),
    ...(goal ? { goal } : {}),
  };
}
