/**
 * `tianbao template import|export` and `tianbao workbook new|read`, run as real child processes
 * (node + the tsx shim) the way IT staff and batch jobs call them: exit codes, JSON, files.
 */
import { expectOneErrorLine, runTianbao, type CliOutcome } from '../helpers/run-cli.ts';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFillWorkbook } from '../../shared/excel/fill-workbook.ts';
import { writeTemplateWorkbook } from '../../shared/excel/template-workbook.ts';
import { getBuiltinTemplate } from '../../shared/templates/index.ts';
import { colOf, editWorkbook, rowOf, smallTemplate, xlsBytes } from '../fixtures/excel/index.ts';

let dir = '';

function tianbao(args: string[], lang = 'zh_CN.UTF-8'): Promise<CliOutcome> {
  // Run from the temp dir so relative paths resolve there, as in a user's shell.
  return runTianbao(args, { cwd: dir, lang });
}
const oneErrorLine = expectOneErrorLine;

const file = (name: string) => join(dir, name);
const keytasks = () => getBuiltinTemplate('keytasks-2023')!;
const bytesOf = async (name: string) => new Uint8Array(await readFile(file(name)));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tianbao-cli-excel-'));
  await writeFile(file('old.xls'), xlsBytes());
  await writeFile(file('small.xlsx'), await writeTemplateWorkbook(smallTemplate()));
  const bad = await editWorkbook(await bytesOf('small.xlsx'), (wb) => {
    const ind = wb.getWorksheet('指标')!;
    ind.getRow(rowOf(ind, colOf(ind, '指标编码'), 'T01_02')).getCell(colOf(ind, '最小值')).value = '很多';
    ind.getRow(rowOf(ind, colOf(ind, '指标编码'), 'T02_01')).getCell(colOf(ind, '任务编码')).value = 'T09';
  });
  await writeFile(file('bad.xlsx'), bad);
  // The tests run concurrently, so the ones that read a fill-in workbook get their own.
  await writeFile(file('fill-t01.xlsx'), await writeFillWorkbook(keytasks(), { taskCode: 'T01' }));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.concurrent('tianbao template export / import', () => {
  it('exports a built-in template that SheetJS reads and import gives back unchanged', async () => {
    const exported = await tianbao(['template', 'export', 'keytasks-2023', '--out', 'keytasks.xlsx']);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toBe('');
    expect(exported.stdout).toBe(
      `已把模板“现代职业教育体系建设改革重点任务绩效数据”（keytasks-2023，版本 2023.1）导出到 ${file('keytasks.xlsx')}\n`,
    );
    const wb = XLSX.read(await bytesOf('keytasks.xlsx'), { type: 'array' });
    expect(wb.SheetNames.slice(0, 4)).toEqual(['设置', '任务', '任务目标', '指标']);
    expect(wb.Sheets['指标']!['D2']?.v).toBe('T01_01');
    // No temporary file is left beside the output.
    expect((await readdir(dir)).filter((n) => n.includes('.tmp'))).toEqual([]);

    const imported = await tianbao(['template', 'import', 'keytasks.xlsx', '--json']);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toBe('');
    expect(JSON.parse(imported.stdout)).toEqual(JSON.parse(JSON.stringify(keytasks())));
  });

  it('exits 1 with every located error as {sheet, cell, code, message}', async () => {
    const out = await tianbao(['template', 'import', 'bad.xlsx', '--json']);
    expect(out.code).toBe(1);
    expect(JSON.parse(out.stdout)).toEqual({
      ok: false,
      errors: [
        { sheet: '指标', cell: 'I3', code: 'not-number', message: '“最小值”应填写数字，“很多”不是数字' },
        { sheet: '指标', cell: 'A7', code: 'unknown-task', message: '任务编码“T09”在“任务”工作表中不存在' },
      ],
    });
  });

  it('prints the located errors as lines without --json, in English too', async () => {
    const zh = await tianbao(['template', 'import', 'bad.xlsx']);
    expect(zh.code).toBe(1);
    expect(zh.stdout.split('\n')).toEqual([
      'bad.xlsx：模板工作簿有 2 处错误，未导入：',
      '  指标!I3: “最小值”应填写数字，“很多”不是数字',
      '  指标!A7: 任务编码“T09”在“任务”工作表中不存在',
      '',
    ]);
    const en = await tianbao(['template', 'import', 'bad.xlsx'], 'en_US.UTF-8');
    expect(en.code).toBe(1);
    expect(en.stdout.split('\n')[0]).toBe('bad.xlsx: the template workbook has 2 errors, nothing imported:');
  });

  it('exits 2 for a file it cannot read', async () => {
    expect(oneErrorLine(await tianbao(['template', 'import', 'old.xls']))).toBe(
      '错误：old.xls：这是旧版 .xls 文件，请在 Excel 或 WPS 中“另存为” .xlsx 后再导入',
    );
    const json = await tianbao(['template', 'import', 'old.xls', '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({
      ok: false,
      errors: [
        {
          sheet: '',
          cell: '',
          code: 'xls',
          message: '这是旧版 .xls 文件，请在 Excel 或 WPS 中“另存为” .xlsx 后再导入',
        },
      ],
    });
    expect(oneErrorLine(await tianbao(['template', 'import', 'missing.xlsx']))).toBe(
      '错误：无法读取文件“missing.xlsx”：文件不存在',
    );
  });

  it('exits 2 for an unknown template id, a missing --out or an unwritable path', async () => {
    expect(oneErrorLine(await tianbao(['template', 'export', 'nope', '--out', 'x.xlsx']))).toBe(
      '错误：没有编号为“nope”的模板，可用的模板：keytasks-2023、shuanggao-2024',
    );
    expect(oneErrorLine(await tianbao(['template', 'export', 'keytasks-2023']))).toBe(
      '错误：请用 --out <文件> 指定输出文件',
    );
    expect(
      oneErrorLine(await tianbao(['template', 'export', 'keytasks-2023', '--out', 'no/such/dir/x.xlsx'])),
    ).toBe('错误：无法写入文件“no/such/dir/x.xlsx”：所在的文件夹不存在');
  });
});

describe.concurrent('tianbao workbook new / read', () => {
  it('creates a fill-in workbook for one task and reads it back clean', async () => {
    const created = await tianbao([
      'workbook',
      'new',
      '--template',
      'keytasks-2023',
      '--task',
      'T01',
      '--out',
      'fill.xlsx',
    ]);
    expect(created.code).toBe(0);
    expect(created.stdout).toBe(
      `已生成填报工作簿 ${file('fill.xlsx')}（模板 keytasks-2023，版本 2023.1，任务 T01）\n`,
    );
    const wb = XLSX.read(await bytesOf('fill.xlsx'), { type: 'array' });
    expect(wb.SheetNames.length).toBeGreaterThanOrEqual(2);

    const read = await tianbao(['workbook', 'read', 'fill.xlsx', '--json']);
    expect(read.code).toBe(0);
    const json = JSON.parse(read.stdout) as {
      ok: boolean;
      meta: { templateId: string; taskCodes: string[] };
      errors: unknown[];
    };
    expect(json.ok).toBe(true);
    expect(json.meta).toMatchObject({ templateId: 'keytasks-2023', taskCodes: ['T01'] });
    expect(json.errors).toEqual([]);
  });

  it('exits 1 with located errors when a filled-in cell is wrong', async () => {
    const filled = await editWorkbook(await bytesOf('fill-t01.xlsx'), (wb) => {
      // Find the row by its indicator code wherever the sheet puts it.
      for (const ws of wb.worksheets) {
        for (let r = 1; r <= ws.rowCount; r++) {
          const row = ws.getRow(r);
          let codeCol = 0;
          row.eachCell((c, col) => {
            if (c.text === 'T01_01') codeCol = col;
          });
          if (codeCol > 0) {
            const header = ws.getRow(2);
            let actual = 0;
            header.eachCell((c, col) => {
              if (c.text.includes('实际')) actual = col;
            });
            row.getCell(actual).value = '很多';
            return;
          }
        }
      }
    });
    await writeFile(file('filled.xlsx'), filled);
    const out = await tianbao(['workbook', 'read', 'filled.xlsx', '--json']);
    expect(out.code).toBe(1);
    const json = JSON.parse(out.stdout) as {
      ok: boolean;
      errors: { sheet: string; cell: string; code: string; message: string }[];
    };
    expect(json.ok).toBe(true);
    expect(json.errors).toContainEqual(
      expect.objectContaining({ code: 'not-number', message: '“成员单位总数”应填写数字，“很多”不是数字' }),
    );
    const plain = await tianbao(['workbook', 'read', 'filled.xlsx']);
    expect(plain.code).toBe(1);
    expect(plain.stdout).toContain('“成员单位总数”应填写数字，“很多”不是数字');
  });

  it('exits 1 for a workbook that is not a fill-in workbook, 2 for an unreadable file', async () => {
    const other = await tianbao(['workbook', 'read', 'small.xlsx', '--json']);
    expect(other.code).toBe(1);
    expect((JSON.parse(other.stdout) as { ok: boolean }).ok).toBe(false);
    expect(oneErrorLine(await tianbao(['workbook', 'read', 'old.xls']))).toBe(
      '错误：old.xls：这是旧版 .xls 文件，请在 Excel 或 WPS 中“另存为” .xlsx 后再导入',
    );
    const json = await tianbao(['workbook', 'read', 'old.xls', '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, errors: [{ code: 'xls' }] });
  });

  it('exits 2 for bad arguments', async () => {
    expect(
      oneErrorLine(
        await tianbao(['workbook', 'new', '--template', 'keytasks-2023', '--task', 'T99', '--out', 'x.xlsx']),
      ),
    ).toBe(
      '错误：模板“keytasks-2023”中没有任务“T99”，可用的任务：T01、T02、T03、T04、T05、T06、T07、T08、T09、T10、T11',
    );
    expect(oneErrorLine(await tianbao(['workbook', 'new', '--out', 'x.xlsx']))).toBe(
      '错误：请用 --template <模板编号> 指定模板',
    );
    expect(oneErrorLine(await tianbao(['workbook', 'read', 'fill-t01.xlsx', '--template', 'nope']))).toBe(
      '错误：没有编号为“nope”的模板，可用的模板：keytasks-2023、shuanggao-2024',
    );
  });
});
