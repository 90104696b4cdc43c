/**
 * `tianbao report` and `tianbao summary` run as a user's shell would, on filled workbooks, with
 * the outputs read back by poppler, jszip and SheetJS.
 */
import { mkdtempSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import * as XLSX from 'xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeFillWorkbook } from '../../shared/excel/fill-workbook.ts';
import { keytasks } from '../fixtures/report-source.ts';
import { pdfFonts, pdfText } from '../helpers/poppler.ts';
import { expectOneErrorLine, runTianbao } from '../helpers/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'tianbao-cli-report-'));
const template = keytasks();

async function filled(name: string, unitName: string, members: number, opts: { taskCode?: string } = {}) {
  const bytes = await writeFillWorkbook(template, {
    taskCode: opts.taskCode ?? 'T01',
    unit: { id: `u-${name}`, name: unitName },
    project: { id: `p-${name}`, name: `${unitName}产教联合体` },
    year: 2025,
    values: { T01_01: members, T01_02: Math.floor(members / 2), T01_04: 6 },
    targets: { T01_01: 100, T01_02: 40 },
  });
  const path = join(dir, `${name}.xlsx`);
  writeFileSync(path, bytes);
  return path;
}

describe('tianbao report', () => {
  let a: string;
  beforeAll(async () => {
    a = await filled('a', '宁波市鄞州职业教育中心', 120);
  });

  it('writes the PDF of a filled workbook with its values and embedded subset fonts', async () => {
    const out = join(dir, 'a.pdf');
    const run = await runTianbao(['report', '--in', a, '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('宁波市鄞州职业教育中心');
    const text = pdfText(out, { raw: true }).replace(/\s+/g, '');
    expect(text).toContain('宁波市鄞州职业教育中心');
    expect(text).toContain('2025年度工作报告');
    expect(text).toMatch(/成员单位总数家100120120\.0%/);
    expect(text).toContain('（本部分未填写）');
    for (const f of pdfFonts(out)) expect(f).toMatchObject({ embedded: true, subset: true });
  });

  it('writes the Word copy with real headings', async () => {
    const out = join(dir, 'a.docx');
    const run = await runTianbao(['report', '--in', a, '--out', out]);
    expect(run.code).toBe(0);
    const xml = await (await JSZip.loadAsync(readFileSync(out))).file('word/document.xml')!.async('string');
    expect(xml).toContain('Heading1');
    expect(xml).toContain('成员单位总数');
    expect(xml).toContain('120');
  });

  it('exits 2 with one line for unreadable input, and writes nothing', async () => {
    const junk = join(dir, 'junk.xlsx');
    writeFileSync(junk, 'this is not a workbook');
    const out = join(dir, 'junk.pdf');
    const line = expectOneErrorLine(await runTianbao(['report', '--in', junk, '--out', out]));
    expect(line).toContain('junk.xlsx');
    expect(existsSync(out)).toBe(false);
    expect(
      expectOneErrorLine(await runTianbao(['report', '--in', join(dir, 'missing.xlsx'), '--out', out])),
    ).toContain('文件不存在');
    expect(
      expectOneErrorLine(await runTianbao(['report', '--in', a, '--out', join(dir, 'x.txt')])),
    ).toContain('.pdf 或 .docx');
  });

  it('exits 1 listing located cell errors when a number cell holds text, and writes nothing', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(a) as unknown as ExcelJS.Buffer);
    const sheet = wb.worksheets.find((s) => s.name.includes('市域产教联合体'))!;
    let at = '';
    sheet.eachRow((row) => {
      if (row.getCell(2).value === 'T01_01') {
        row.getCell(6).value = '一百二十';
        at = row.getCell(6).address;
      }
    });
    const bad = join(dir, 'bad.xlsx');
    writeFileSync(bad, Buffer.from(await wb.xlsx.writeBuffer()));
    const out = join(dir, 'bad.pdf');
    const run = await runTianbao(['report', '--in', bad, '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('未生成报告');
    expect(run.stdout).toContain(at);
    expect(existsSync(out)).toBe(false);
  });
});

describe('tianbao summary', () => {
  it('summarises several workbooks into one sheet with formulas a second reader can check', async () => {
    const inputs = [
      await filled('s1', '濮阳职业技术学院', 80),
      await filled('s2', '亳州职业技术学院', 130),
      await filled('s3', '南宁市邕宁区职业技术学校', 45),
    ];
    const out = join(dir, 'summary.xlsx');
    const run = await runTianbao(['summary', '--in', ...inputs, '--task', 'T01', '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('3');
    const wb = XLSX.read(readFileSync(out), { cellFormula: true });
    const name = wb.SheetNames.find((n) => n.includes('市域产教联合体'))!;
    const sheet = wb.Sheets[name]!;
    const rows = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true });
    const names = rows.map((r) => r[1]);
    for (const unit of ['濮阳职业技术学院', '亳州职业技术学院', '南宁市邕宁区职业技术学校'])
      expect(names).toContain(unit);
    const sumCell = Object.entries(sheet).find(
      ([, c]) => /^SUM\(/.test((c as XLSX.CellObject).f ?? '') && (c as XLSX.CellObject).v === 255,
    );
    expect(sumCell, 'SUM of 成员单位总数 = 80 + 130 + 45').toBeDefined();
  });

  it('refuses workbooks of different tasks with exit 2 naming the file', async () => {
    const t2 = await filled('t2', '湖南铁道职业技术学院', 10, { taskCode: 'T02' });
    const out = join(dir, 'mixed.xlsx');
    const line = expectOneErrorLine(
      await runTianbao([
        'summary',
        '--in',
        await filled('m1', '长沙职业技术学院', 20),
        t2,
        '--task',
        'T01',
        '--out',
        out,
      ]),
    );
    expect(line).toContain('T01');
    expect(existsSync(out)).toBe(false);
  });
});
