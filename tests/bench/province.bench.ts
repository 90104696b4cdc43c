/**
 * The provincial office at scale:
 * - opening the province workspace with 3,000 submissions in the browser's IndexedDB, to the
 *   moment the completeness figures and the first table rows are on screen (ref: a static page);
 * - the per-task provincial summary report (PDF) for 1,000 units, font load included (ref: pdfmake
 *   laying out a plain CJK table of about 60 pages in the same run, as in the report bench).
 */
import { withBenchBrowser } from './browser-harness.ts';
import { buildProvincialSummary } from '../../shared/report/provincial-summary.ts';
import { annualReportDocDefinition } from '../../shared/report/annual-report-pdf.ts';
import { renderPdfNode } from '../../shared/report/pdf-node.ts';
import { PDF_FONT } from '../../shared/report/pdf-fonts.ts';
import { sampleReportSource } from '../fixtures/report-source.ts';
import { result, type Bench, type BenchResult } from './harness.ts';

const SUBMISSIONS = 3000;
const SUMMARY_UNITS = 1000;
const CITIES = [
  '430100',
  '430200',
  '430300',
  '430400',
  '430500',
  '430600',
  '430700',
  '430800',
  '430900',
  '431000',
];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function workspace(): Promise<BenchResult> {
  return withBenchBrowser(async (context, base) => {
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('heading', { level: 2 }).first().waitFor();
    await page.evaluate(
      async ({ n, cities }) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const r = indexedDB.open('tianbao');
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        const now = new Date().toISOString();
        const tx = db.transaction(['units', 'projects', 'submissions'], 'readwrite');
        const statuses = ['submitted', 'accepted', 'returned', 'resubmitted', 'draft'];
        for (let i = 0; i < n; i++) {
          tx.objectStore('units').put({
            id: `u${i}`,
            name: `湖南第${i}职业技术学院`,
            uscc: '12430000444880189T',
            type: '高职',
            regionCode: cities[i % cities.length],
            contacts: [],
            updatedAt: now,
          });
          tx.objectStore('projects').put({
            id: `p${i}`,
            unitId: `u${i}`,
            templateId: 'keytasks-2023',
            templateVersion: '2023.1',
            taskCode: `T${String((i % 11) + 1).padStart(2, '0')}`,
            level: '省级',
            name: `建设项目${i}`,
            members: [],
            targets: {},
            createdAt: now,
            updatedAt: now,
          });
          tx.objectStore('submissions').put({
            id: `s${i}`,
            projectId: `p${i}`,
            year: new Date().getFullYear(),
            status: statuses[i % statuses.length],
            submittedAt: now,
            createdAt: now,
            updatedAt: now,
          });
        }
        await new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
        db.close();
      },
      { n: SUBMISSIONS, cities: CITIES },
    );
    const loads: number[] = [];
    const refs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const p = await context.newPage();
      await p.goto(`${base}/#/province`);
      await p
        .getByRole('status')
        .filter({ hasText: `应报 ${SUBMISSIONS} 份` })
        .waitFor();
      await p.locator('.province-table tbody tr:not(.spacer)').first().waitFor();
      loads.push(await p.evaluate(() => performance.now()));
      await p.close();
      const r = await context.newPage();
      await r.goto(`${base}/__ref`);
      await r.locator('#i').waitFor();
      refs.push(await r.evaluate(() => performance.now()));
      await r.close();
    }
    return result(
      `province.workspace ${SUBMISSIONS} submissions to interactive (median of 5)`,
      median(loads),
      'ms',
      'static page with one input',
      median(refs),
      '< 1000 ms',
    );
  });
}

async function summaryReport(): Promise<BenchResult> {
  const sources = Array.from({ length: SUMMARY_UNITS }, (_, i) => {
    const x = sampleReportSource({
      seed: i + 1,
      unitName: `湖南第${i}职业技术学院`,
      regionCode: CITIES[i % CITIES.length],
      paragraphs: 0,
    });
    x.year = 2026;
    return x;
  });
  const t0 = performance.now();
  const report = buildProvincialSummary({
    template: sources[0]!.template,
    taskCode: 'T01',
    year: 2026,
    office: '湖南省教育厅',
    sources,
  });
  const pdf = await renderPdfNode(annualReportDocDefinition(report));
  const ms = performance.now() - t0;

  const r0 = performance.now();
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
  await renderPdfNode({
    content: [{ table: { headerRows: 1, widths: [30, '*', 30, 50, 50, 50], body } }],
    defaultStyle: { font: PDF_FONT, fontSize: 10 },
  });
  const refMs = performance.now() - r0;
  const pages = (
    Buffer.from(pdf)
      .toString('latin1')
      .match(/\/Type\s*\/Page[^s]/g) ?? []
  ).length;
  return result(
    `province.summaryReport ${SUMMARY_UNITS} units (${pages} pages PDF)`,
    ms,
    'ms',
    'pdfmake CJK table, ~60 pages',
    refMs,
    '< 5000 ms',
  );
}

export const provinceBench: Bench = {
  name: 'province',
  async run() {
    return [await workspace(), await summaryReport()];
  },
};
