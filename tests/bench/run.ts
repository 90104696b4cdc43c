/** `npm run bench`: runs every benchmark, prints one JSON line each, writes tests/bench/results.json. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bench, BenchResult } from './harness.ts';
import { templateBench } from './template.bench.ts';
import { browserBench } from './browser.bench.ts';
import { excelBench } from './excel.bench.ts';
import { summaryBench } from './summary.bench.ts';
import { reportBench } from './report.bench.ts';
import { syncBench } from './sync.bench.ts';
import { provinceBench } from './province.bench.ts';

const BENCHES: Bench[] = [
  templateBench,
  browserBench,
  excelBench,
  summaryBench,
  reportBench,
  syncBench,
  provinceBench,
];

const only = process.argv[2];
const results: BenchResult[] = [];
for (const bench of BENCHES) {
  if (only && !bench.name.startsWith(only)) continue;
  for (const r of await bench.run()) {
    console.log(JSON.stringify(r));
    results.push(r);
  }
}
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results.json');
// A filtered run (`npm run bench -- browser`) updates its own lines and keeps the others.
if (only && existsSync(out)) {
  const previous = (JSON.parse(readFileSync(out, 'utf8')) as { results: BenchResult[] }).results;
  const fresh = new Set(results.map((r) => r.bench));
  results.unshift(...previous.filter((r) => !fresh.has(r.bench)));
}
writeFileSync(
  out,
  JSON.stringify(
    {
      measuredAt: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        model: os.cpus()[0]?.model ?? '',
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
      },
      results,
    },
    null,
    2,
  ) + '\n',
);
