/**
 * The annual report PDF at 100 pages (five long sections, the indicator table, chart, funding and
 * evidence), font load included, against pdfmake laying out a plain CJK table of about 60 pages
 * with the same fonts in the same run (the reference: ~1.9 s on these machines).
 * Each run renders in a fresh process so the font is loaded and parsed every time, as for a user.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildAnnualReport } from '../../shared/report/annual-report.ts';
import { annualReportDocDefinition } from '../../shared/report/annual-report-pdf.ts';
import { PDF_FONT } from '../../shared/report/pdf-fonts.ts';
import { renderPdfNode } from '../../shared/report/pdf-node.ts';
import { sampleReportSource } from '../fixtures/report-source.ts';
import { result, type Bench } from './harness.ts';

const CHILD_FLAG = '--report-bench-child';
/** Paragraphs per outline section that make the whole report about 100 pages. */
const PARAGRAPHS = 240;
const RUNS = 3;

interface ChildResult {
  ms: number;
  bytes: number;
  pages: number;
}

function countPages(pdf: Uint8Array): number {
  return (
    Buffer.from(pdf)
      .toString('latin1')
      .match(/\/Type\s*\/Page[^s]/g) ?? []
  ).length;
}

async function child(kind: string): Promise<ChildResult> {
  const t0 = performance.now();
  let pdf: Uint8Array;
  if (kind === 'ours') {
    const report = buildAnnualReport(sampleReportSource({ paragraphs: PARAGRAPHS, evidence: 40 }));
    pdf = await renderPdfNode(annualReportDocDefinition(report));
  } else {
    const body = [['序号', '指标', '单位', '目标', '实际', '完成率']];
    for (let i = 0; i < 2400; i++)
      body.push([
        String(i + 1),
        `市域产教联合体成员单位数量第${i}项`,
        '个',
        String(i * 3),
        String(i * 2),
        '66.7%',
      ]);
    pdf = await renderPdfNode({
      content: [{ table: { headerRows: 1, widths: [30, '*', 30, 50, 50, 50], body } }],
      defaultStyle: { font: PDF_FONT, fontSize: 10 },
    });
  }
  return { ms: performance.now() - t0, bytes: pdf.length, pages: countPages(pdf) };
}

function spawnChild(kind: string): ChildResult {
  const self = fileURLToPath(import.meta.url);
  const out = spawnSync(process.execPath, ['--import', 'tsx', self, CHILD_FLAG, kind], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`report bench child ${kind} failed: ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').pop()!) as ChildResult;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export const reportBench: Bench = {
  name: 'report',
  async run() {
    const ours: ChildResult[] = [];
    const ref: ChildResult[] = [];
    // Interleaved so a noisy neighbour slows both alike.
    for (let i = 0; i < RUNS; i++) {
      ours.push(spawnChild('ours'));
      ref.push(spawnChild('ref'));
    }
    const o = { ms: median(ours.map((r) => r.ms)), bytes: ours[0]!.bytes, pages: ours[0]!.pages };
    const r = { ms: median(ref.map((x) => x.ms)), pages: ref[0]!.pages };
    return [
      result(
        `report.pdf100.time (${o.pages} pages)`,
        o.ms,
        'ms',
        `pdfmake CJK table, ${r.pages} pages`,
        r.ms,
        '< 3000 ms',
      ),
      result(
        `report.pdf100.size (${o.pages} pages)`,
        o.bytes / 2 ** 20,
        'MiB',
        '1.5 MB goal',
        1.5,
        '< 1.5 MB',
      ),
    ];
  },
};

if (process.argv[2] === CHILD_FLAG) {
  console.log(JSON.stringify(await child(process.argv[3]!)));
}
