/**
 * Template workbooks: the round trip is lossless (the built-in template and random small ones),
 * SheetJS reads what we write as an independent second reader, and crafted bad workbooks get
 * every located error in one pass — with nothing returned.
 */
import fc from 'fast-check';
import type ExcelJS from 'exceljs';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { PROJECT_LEVELS, INDICATOR_TYPES, templateSchema } from '../../shared/domain/template.ts';
import { parseTemplate } from '../../shared/domain/template-check.ts';
import { formatWorkbookError } from '../../shared/excel/errors.ts';
import { writeFillWorkbook } from '../../shared/excel/fill-workbook.ts';
import {
  readTemplateWorkbook,
  TEMPLATE_SHEETS,
  writeTemplateWorkbook,
  type ReadTemplateResult,
} from '../../shared/excel/template-workbook.ts';
import { createTranslator } from '../../shared/i18n/index.ts';
import { getBuiltinTemplate } from '../../shared/templates/index.ts';
import {
  buildWorkbook,
  colOf,
  editWorkbook,
  rowOf,
  sheetXml,
  smallTemplate,
  xlsBytes,
} from '../fixtures/excel/index.ts';

const zh = createTranslator('zh-CN');
const en = createTranslator('en');

const keytasks = () => getBuiltinTemplate('keytasks-2023')!;

/** A deep, mutable copy: zod gives the built-in template frozen. */
function plain<T>(value: T): T {
  return structuredClone(value);
}

async function read(bytes: Uint8Array): Promise<ReadTemplateResult> {
  return readTemplateWorkbook(bytes);
}

/** The located errors as users read them; also proves that no template came back. */
async function errorsOf(bytes: Uint8Array): Promise<string[]> {
  const result = await read(bytes);
  expect(result.ok).toBe(false);
  expect('template' in result).toBe(false);
  return result.ok ? [] : result.errors.map((e) => formatWorkbookError(e, zh));
}

async function codesOf(bytes: Uint8Array): Promise<string[]> {
  const result = await read(bytes);
  return result.ok ? [] : result.errors.map((e) => e.code);
}

function headerColumn(ws: ExcelJS.Worksheet, header: string): number | undefined {
  let found: number | undefined;
  ws.getRow(1).eachCell((c, col) => {
    if (found === undefined && c.text === header) found = col;
  });
  return found;
}

/** Edits the small template's workbook; `cell(sheet, rowKey, header)` finds cells by content. */
async function smallEdited(
  edit: (wb: ExcelJS.Workbook, cell: (sheet: string, key: string, header: string) => ExcelJS.Cell) => void,
): Promise<Uint8Array> {
  const bytes = await writeTemplateWorkbook(smallTemplate());
  return editWorkbook(bytes, (wb) => {
    const cell = (sheet: string, key: string, header: string) => {
      const ws = wb.getWorksheet(sheet)!;
      // Rows are found by the first column holding `key` among the code-like columns.
      for (const keyHeader of [
        '指标编码',
        '任务编码',
        '设置项',
        '章节编码',
        '维度编码',
        '等级',
        '阶段编码',
      ]) {
        const col = headerColumn(ws, keyHeader);
        if (col === undefined) continue;
        try {
          return ws.getRow(rowOf(ws, col, key)).getCell(colOf(ws, header));
        } catch {
          continue;
        }
      }
      throw new Error(`${sheet}: no row ${key}`);
    };
    edit(wb, cell);
  });
}

describe('template workbook round trip', () => {
  it('writes keytasks-2023 and reads back exactly the same template', async () => {
    const bytes = await writeTemplateWorkbook(keytasks());
    const result = await read(bytes);
    if (!result.ok) throw new Error(result.errors.map((e) => formatWorkbookError(e, zh)).join('\n'));
    expect(result.template).toStrictEqual(plain(keytasks()));
  });

  it('round-trips the small template, English notes included', async () => {
    const result = await read(await writeTemplateWorkbook(smallTemplate(), { locale: 'en' }));
    expect(result.ok && result.template).toStrictEqual(smallTemplate());
  });

  it('round-trips random small valid templates', async () => {
    await fc.assert(
      fc.asyncProperty(templateArbitrary, async (input) => {
        const parsed = parseTemplate(input);
        // The arbitrary only builds valid templates; a failure here is a bug in the arbitrary.
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        const result = await read(await writeTemplateWorkbook(parsed.template));
        if (!result.ok) throw new Error(result.errors.map((e) => formatWorkbookError(e, zh)).join('\n'));
        expect(result.template).toStrictEqual(parsed.template);
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});

describe('what SheetJS (a second, independent reader) sees in a template workbook', () => {
  it('has the sheets, headers, values, widths, frozen headers and dropdowns', async () => {
    const bytes = await writeTemplateWorkbook(keytasks());
    const wb = XLSX.read(bytes, { type: 'array', cellStyles: true });
    expect(wb.SheetNames).toEqual(Object.values(TEMPLATE_SHEETS).map((s) => s.name));
    const rows = (name: string) =>
      XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[name]!, { header: 1, raw: true });

    expect(rows('设置').map((r) => r.slice(0, 2))).toEqual([
      ['设置项', '值'],
      ['模板编号', 'keytasks-2023'],
      ['版本', '2023.1'],
      ['名称', '现代职业教育体系建设改革重点任务绩效数据'],
      ['计划名称', '现代职业教育体系建设改革重点任务'],
      ['发文字号', '教职成厅函〔2023〕20号'],
      ['年度', '2023、2024、2025、2026、2027'],
      ['截止日期', '12-15'],
      ['等级', '优秀、良好、合格、不合格'],
      ['资金单位', '万元'],
    ]);
    const indicators = rows('指标');
    expect(indicators[0]).toEqual([
      '任务编码',
      '分组编码',
      '分组名称',
      '指标编码',
      '指标名称',
      '类型',
      '单位',
      '必填',
      '最小值',
      '最大值',
      '小数位数',
      '选项列表',
      '校验规则',
      '校验提示',
      '规则编号',
      '规则级别',
      '显示条件',
      '计算公式',
      '需佐证',
      '同比预警阈值',
      '填报说明',
    ]);
    expect(indicators).toHaveLength(1 + 168);
    expect(indicators[1]!.slice(0, 10)).toEqual([
      'T01',
      'G01_1',
      '组织运行',
      'T01_01',
      '成员单位总数',
      '整数',
      '家',
      '是',
      0,
      undefined,
    ]);
    // Percentages are numbers shown as percentages, as Excel users expect.
    const sheet = wb.Sheets['指标']!;
    const percentRow = indicators.findIndex((r) => r[5] === '百分比') + 1;
    expect(sheet[`J${percentRow}`]).toMatchObject({ t: 'n', v: 1, w: '100%' });
    expect(sheet['T2']).toMatchObject({ t: 'n', v: 0.5, w: '50%' });
    expect(rows('任务')[1]!.slice(0, 3)).toEqual(['T01', 1, '打造市域产教联合体']);
    expect(rows('评分')[1]!.slice(0, 6)).toEqual(['unit', '建设单位', 'targets', '绩效目标达成度', 0.3, 100]);
    expect(rows('规则')[1]).toEqual([
      'T01',
      undefined,
      'R01_1',
      'T01_02 <= T01_01',
      expect.any(String),
      '错误',
    ]);
    expect(sheet['!cols']?.[4]?.width).toBe(36);

    const xml = sheetXml(bytes, '指标');
    expect(xml).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
    const lists = [
      ...xml.matchAll(/<dataValidation type="list"[^>]*sqref="([A-Z]+)2:\1\d+"><formula1>([^<]*)</g),
    ].map((m) => [m[1], m[2]]);
    expect(lists).toEqual(
      expect.arrayContaining([
        ['F', '&quot;整数,小数,百分比,金额,文本,日期,单选,是否&quot;'],
        ['H', '&quot;是,否&quot;'],
        ['S', '&quot;是,否&quot;'],
        ['P', '&quot;错误,警告&quot;'],
      ]),
    );
    expect(sheetXml(bytes, '规则')).toContain('<formula1>&quot;错误,警告&quot;</formula1>');
  });
});

describe('reading a template workbook people made or edited', () => {
  it('lists every located error in one pass and returns no template', async () => {
    const bytes = await smallEdited((wb, cell) => {
      cell('指标', 'T01_02', '最小值').value = '很多';
      cell('指标', 'T01_03', '类型').value = '多选';
      cell('指标', 'T01_05', '指标编码').value = 'T01_01';
      cell('指标', 'T02_01', '任务编码').value = 'T09';
      const rules = wb.getWorksheet('规则')!;
      rules.getRow(2).getCell(colOf(rules, '校验规则')).value = 'T01_02 <= T01_99';
      cell('报告提纲', 'S1', '字数下限').value = 5000;
      cell('评分', 'targets', '权重').value = 0.5;
    });
    expect(await errorsOf(bytes)).toEqual([
      '指标!I3: “最小值”应填写数字，“很多”不是数字',
      '指标!F4: 类型“多选”无法识别，可填：整数、小数、百分比、金额、文本、日期、单选、是否',
      '指标!D6: 指标编码“T01_01”重复：“投入经费”和“成员单位总数”用了同一个编码',
      '指标!A7: 任务编码“T09”在“任务”工作表中不存在',
      '规则!D2: 市域产教联合体（T01）的校验规则“T01_02 <= T01_99”引用了不存在的指标 T01_99',
      '报告提纲!E2: 报告章节“建设进展”（S1）的最少字数 5000 大于字数上限 3000',
      '评分!E2: 评分部分“建设单位”（unit）各维度的权重之和为 0.9，应为 1',
    ]);
    expect(await codesOf(bytes)).toEqual([
      'not-number',
      'bad-type',
      'duplicate-indicator',
      'unknown-task',
      'unknown-code',
      'char-limits',
      'part-weights',
    ]);
    const result = await read(bytes);
    const first = result.ok ? undefined : result.errors[0];
    expect(first && formatWorkbookError(first, en)).toBe(
      '指标!I3: "最小值" needs a number; "很多" is not one',
    );
  });

  it('maps semantic checks back to the cell they came from', async () => {
    const bytes = await smallEdited((_wb, cell) => {
      cell('指标', 'T01_02', '校验规则').value = 'T01_02 +';
      cell('指标', 'T01_04', '最小值').value = 0.9;
      cell('指标', 'T01_04', '最大值').value = 0.5;
      cell('指标', 'T02_02', '显示条件').value = 'T01_01 > 0';
      cell('设置', '截止日期', '值').value = '02-30';
    });
    const errors = await errorsOf(bytes);
    expect(errors[0]).toBe('设置!B8: 截止日期“02-30”不是有效的日期（格式为“月-日”，如 12-15）');
    expect(errors.slice(1)).toEqual([
      expect.stringMatching(/^指标!M3: 其中：成员企业数（T01_02）的校验规则“T01_02 \+”有误：/),
      '指标!I5: 指标“毕业生本地就业率”（T01_04）的最小值 0.9 大于最大值 0.5',
      '指标!Q8: 是否建立理事会（T02_02）的显示条件“T01_01 > 0”引用的指标 T01_01（成员单位总数）属于任务“市域产教联合体”，只能引用本任务的指标',
    ]);
  });

  it('reports sheet-level problems: missing sheets, columns and settings', async () => {
    const bytes = await smallEdited((wb) => {
      wb.removeWorksheet(wb.getWorksheet('报告提纲')!.id);
      const ind = wb.getWorksheet('指标')!;
      ind.getRow(1).getCell(colOf(ind, '指标名称')).value = '名字';
      const s = wb.getWorksheet('设置')!;
      s.getRow(rowOf(s, 1, '版本')).getCell(1).value = '版次';
      s.getRow(rowOf(s, 1, '名称')).getCell(1).value = '模板编号';
    });
    expect(await errorsOf(bytes)).toEqual([
      '设置: 缺少设置项“版本”',
      '设置: 缺少设置项“名称”',
      '设置!A3: 无法识别的设置项“版次”，可用的设置项：模板编号、版本、名称、计划名称、发文字号、年度、截止日期、等级、资金单位',
      '设置!A4: 设置项“模板编号”重复了，第 2 行已经填写过',
      '指标: 缺少“指标名称”列（表头在第 1 行）',
      '报告提纲: 缺少“报告提纲”工作表',
    ]);
  });

  it('checks settings, required cells, rules and grades cell by cell', async () => {
    const bytes = await smallEdited((wb, cell) => {
      const s = wb.getWorksheet('设置')!;
      const setting = (name: string) => s.getRow(rowOf(s, 1, name)).getCell(2);
      setting('模板编号').value = 'Small Test';
      setting('版本').value = 'v2';
      setting('年度').value = '二〇二四';
      setting('等级').value = '优秀、良好、不合格';
      cell('指标', 'T01_01', '指标名称').value = null;
      cell('指标', 'T01_02', '校验提示').value = null;
      cell('指标', 'T01_05', '规则级别').value = '严重';
      cell('指标', 'T02_02', '必填').value = '也许';
      cell('任务', 'T02', '项目层级').value = '国家级、省级';
      cell('评分', 'funding', '权重').value = '140%';
    });
    expect(await errorsOf(bytes)).toEqual([
      '设置!B2: 模板编号“Small Test”无效：只能包含小写英文字母、数字和短横线（-），如 keytasks-2023',
      '设置!B3: 版本“v2”无效：应为以点分隔的数字，如 2023.1',
      '设置!B7: 年度“二〇二四”无法识别，请填写年份，如 2023、2024 或 2023-2027',
      '设置!B9: 设置中的等级“优秀、良好、不合格”与“等级”工作表中的“优秀、合格、不合格”不一致',
      '任务!E3: 项目层级“国家级”无法识别，可填：全国性、区域性、省级、市级、校级（多个用顿号分隔）',
      '指标!E2: “指标名称”必须填写',
      '指标!N3: 填写了校验规则，还需要填写“校验提示”（规则不满足时给填报人看的说明）',
      '指标!P6: 级别“严重”无法识别，可填：错误、警告',
      '指标!H8: “必填”请填写“是”或“否”，“也许”无法识别',
      '评分!E3: “权重”不能大于 100%',
    ]);
  });

  it('checks the rule, scoring, funding and grade sheets too', async () => {
    const bytes = await smallEdited((wb, cell) => {
      cell('指标', 'T01_05', '校验提示').value = '请核实';
      cell('指标', 'T01_02', '分组名称').value = '运行';
      const rules = wb.getWorksheet('规则')!;
      rules.addRow(['T02', 'T01_01', 'X1', 'T01_01 > 0', '提示', '警告']);
      rules.addRow([null, 'T01_99', 'X2', 'T01_99 > 0', '提示', '警告']);
      rules.addRow([null, null, 'X3', 'T01_01 > 0', '提示', '警告']);
      const scoring = wb.getWorksheet('评分')!;
      scoring.addRow(['other', '专业群', 'x', '专业群建设', 1, 100]);
      wb.removeWorksheet(wb.getWorksheet('评分组合')!.id);
      // Rows emptied the way a person deletes them (exceljs's spliceRows leaves trailing rows).
      const clear = (ws: ExcelJS.Worksheet) => {
        for (let r = 2; r <= ws.rowCount; r++) ws.getRow(r).eachCell((c) => (c.value = null));
      };
      clear(wb.getWorksheet('资金来源')!);
      clear(wb.getWorksheet('等级')!);
    });
    expect(await errorsOf(bytes)).toEqual([
      '设置!B10: 填写了资金单位，但“资金来源”工作表中没有资金来源',
      '指标!C3: 分组“G01”的名称前后不一致：这里是“运行”，前面是“组织运行”',
      '指标!M6: “校验规则”没有填写：校验提示、规则编号和级别需要配合校验规则使用',
      '规则!A3: 指标“T01_01”属于任务 T01，不属于这里填写的任务 T02',
      '规则!B4: 指标编码“T01_99”在“指标”工作表中不存在',
      '规则!A5: 请填写“任务编码”（跨指标规则）或“指标编码”（单个指标的规则）',
      '等级: 缺少评价等级：请在“等级”工作表中按从高到低填写各等级的名称和最低分',
      // A sheet the workbook lacks comes after the ones it has.
      '评分组合: 评分有多个部分，请在“评分组合”工作表中填写各部分在总分中的权重',
    ]);
  });

  it('ignores blank and hidden rows', async () => {
    const bytes = await smallEdited((wb) => {
      const ind = wb.getWorksheet('指标')!;
      ind.spliceRows(3, 0, [], ['T01', 'G01', '组织运行', 'JUNK', '被隐藏的行', '不是类型']);
      ind.getRow(4).hidden = true;
      ind.getRow(ind.rowCount + 3).getCell(1).value = '   ';
      const tasks = wb.getWorksheet('任务')!;
      tasks.spliceRows(2, 0, []);
    });
    const result = await read(bytes);
    expect(result.ok && result.template).toStrictEqual(smallTemplate());
  });

  it('reads merged cells as the master cell (a task code merged down its indicator rows)', async () => {
    const bytes = await smallEdited((wb) => {
      const ind = wb.getWorksheet('指标')!;
      // Task T01 is rows 2–6 and its group G01 rows 2–4: merged down, as people lay them out.
      const merge = (col: number, from: number, to: number) => {
        for (let r = from + 1; r <= to; r++) ind.getCell(r, col).value = null;
        ind.mergeCells(from, col, to, col);
      };
      merge(1, 2, 6);
      merge(2, 2, 4);
      merge(3, 2, 4);
    });
    const result = await read(bytes);
    expect(result.ok && result.template).toStrictEqual(smallTemplate());
  });

  it('uses formulas’ cached results and refuses formulas without one', async () => {
    const withResult = await smallEdited((_wb, cell) => {
      cell('指标', 'T01_05', '最大值').value = { formula: '1000*10', result: 10000 };
    });
    const ok = await read(withResult);
    expect(ok.ok && ok.template.tasks[0]!.groups[1]!.indicators[1]!.max).toBe(10000);

    const withoutResult = await smallEdited((_wb, cell) => {
      cell('指标', 'T01_05', '最大值').value = { formula: '1000*10' } as ExcelJS.CellFormulaValue;
    });
    expect(await errorsOf(withoutResult)).toEqual([
      '指标!J6: 公式“=1000*10”没有计算结果（保存文件的软件没有计算公式），请在 Excel 或 WPS 中打开并保存后再导入，或直接填写数值',
    ]);
  });

  it('reads full-width digits, 12% typed as text, bare percentage points and dates typed for deadlines', async () => {
    const bytes = await smallEdited((wb, cell) => {
      cell('指标', 'T01_01', '最小值').value = '１０';
      cell('指标', 'T01_04', '同比预警阈值').value = '12%';
      const max = cell('指标', 'T01_04', '最大值');
      max.value = 95;
      max.numFmt = 'General';
      cell('指标', 'T01_05', '最大值').value = '1,000,000';
      cell('指标', 'T02_01', '同比预警阈值').value = '0.3';
      const s = wb.getWorksheet('设置')!;
      // Excel turns 12-15 typed into an unformatted cell into a date.
      const deadline = s.getRow(rowOf(s, 1, '截止日期')).getCell(2);
      deadline.value = new Date(Date.UTC(2024, 11, 15));
      deadline.numFmt = 'm-d';
      s.getRow(rowOf(s, 1, '年度')).getCell(2).value = '2024 至 2025';
    });
    const result = await read(bytes);
    if (!result.ok) throw new Error(result.errors.map((e) => formatWorkbookError(e, zh)).join('\n'));
    const [g1, g2] = result.template.tasks[0]!.groups;
    expect(g1!.indicators[0]!.min).toBe(10);
    expect(g2!.indicators[0]).toMatchObject({ yoyThreshold: 0.12, max: 0.95 });
    expect(g2!.indicators[1]!.max).toBe(1000000);
    expect(result.template.tasks[1]!.groups[0]!.indicators[0]!.yoyThreshold).toBe(0.3);
    expect(result.template.deadline).toBe('12-15');
    expect(result.template.years).toEqual([2024, 2025]);
  });

  it('accepts English sheet names and header aliases however they are typed', async () => {
    const english: Record<string, string> = {
      设置: 'Settings',
      任务: 'tasks',
      指标: 'INDICATORS',
      选项: 'choices',
      报告提纲: 'Outline',
      等级: 'grades',
    };
    const headers: Record<string, string> = {
      任务编码: 'Task Code',
      指标编码: 'indicator　code',
      指标名称: 'Indicator_Name',
      类型: 'ｔｙｐｅ',
      必填: '必填*',
      最小值: ' 最 小 值 ',
      同比预警阈值: '同比预警阈值（%）',
      填报说明: 'HELP',
    };
    const bytes = await smallEdited((wb) => {
      for (const ws of wb.worksheets) {
        ws.getRow(1).eachCell((c) => {
          const alias = headers[String(c.value)];
          if (alias && ws.name === '指标') c.value = alias;
        });
        const name = english[ws.name];
        if (name) ws.name = name;
      }
    });
    const result = await read(bytes);
    if (!result.ok) throw new Error(result.errors.map((e) => formatWorkbookError(e, zh)).join('\n'));
    expect(result.template).toStrictEqual(smallTemplate());
  });

  it('reads the short form from the issue: only the listed sheets and columns', async () => {
    const bytes = await buildWorkbook((wb) => {
      const sheet = (name: string, rows: unknown[][]) => {
        const ws = wb.addWorksheet(name);
        rows.forEach((r, i) => (ws.getRow(i + 1).values = r as ExcelJS.CellValue[]));
      };
      sheet('设置', [
        ['模板编号', 'city-plan'],
        ['版本', 2025.1],
        ['名称', '市级职业教育行动计划'],
        ['年度', '2025-2027'],
        ['截止日期', '12月15日'],
        ['等级', '优秀、合格、不合格'],
      ]);
      sheet('任务', [
        ['任务编码', '任务名称', '2025年目标', '说明'],
        ['C01', '专业群建设', '建成10个市级专业群', '对接产业'],
      ]);
      sheet('指标', [
        [
          '任务编码',
          '指标编码',
          '指标名称',
          '类型',
          '单位',
          '必填',
          '最小值',
          '最大值',
          '校验规则',
          '校验提示',
          '显示条件',
          '计算公式',
          '需佐证',
          '同比预警阈值',
        ],
        [
          'C01',
          'C01_01',
          '专业群数',
          '整数',
          '个',
          '是',
          0,
          null,
          'C01_01 <= 50',
          '专业群数为{C01_01}，请核实',
        ],
        ['C01', 'C01_02', '牵头学校类型', 'select_one schoolType', null, '否'],
        ['C01', 'C01_03', '就业率', '百分比', '%', '是', '0%', '100%', null, null, null, null, '是', '20%'],
      ]);
      sheet('选项', [
        ['列表名', '编码', '名称'],
        ['schoolType', 'secondary', '中职'],
        ['schoolType', 'higher', '高职'],
      ]);
      sheet('报告提纲', [
        ['章节编码', '章节名称', '写作要求', '字数上限'],
        ['S1', '工作进展', '说明进展', 2000],
      ]);
      sheet('评分', [
        ['维度编码', '维度名称', '权重', '满分'],
        ['D1', '目标达成', '60%', 100],
        ['D2', '资金使用', 40, 100],
      ]);
      sheet('等级', [
        ['等级', '最低分'],
        ['优秀', 90],
        ['合格', 60],
        ['不合格', 0],
      ]);
    });
    const result = await read(bytes);
    if (!result.ok) throw new Error(result.errors.map((e) => formatWorkbookError(e, zh)).join('\n'));
    expect(result.template).toStrictEqual(
      templateSchema.parse({
        id: 'city-plan',
        version: '2025.1',
        name: '市级职业教育行动计划',
        programme: '市级职业教育行动计划',
        years: [2025, 2026, 2027],
        deadline: '12-15',
        grades: [
          { name: '优秀', minScore: 90 },
          { name: '合格', minScore: 60 },
          { name: '不合格', minScore: 0 },
        ],
        tasks: [
          {
            code: 'C01',
            no: 1,
            name: '专业群建设',
            description: '对接产业',
            nationalTargets: [{ year: 2025, text: '建成10个市级专业群' }],
            levels: [...PROJECT_LEVELS],
            groups: [
              {
                code: 'C01_G',
                name: '绩效指标',
                indicators: [
                  {
                    code: 'C01_01',
                    label: '专业群数',
                    unit: '个',
                    type: 'integer',
                    required: true,
                    min: 0,
                    rules: [
                      {
                        id: 'C01_01_R1',
                        expr: 'C01_01 <= 50',
                        message: '专业群数为{C01_01}，请核实',
                        severity: 'error',
                      },
                    ],
                  },
                  { code: 'C01_02', label: '牵头学校类型', type: 'choice', choices: 'schoolType' },
                  {
                    code: 'C01_03',
                    label: '就业率',
                    unit: '%',
                    type: 'percent',
                    required: true,
                    min: 0,
                    max: 1,
                    evidenceRequired: true,
                    yoyThreshold: 0.2,
                  },
                ],
              },
            ],
          },
        ],
        choiceLists: {
          schoolType: [
            { code: 'secondary', label: '中职' },
            { code: 'higher', label: '高职' },
          ],
        },
        outline: [{ code: 'S1', title: '工作进展', guidance: '说明进展', maxChars: 2000 }],
        scoring: {
          parts: [
            {
              code: 'main',
              name: '综合评价',
              dimensions: [
                { code: 'D1', name: '目标达成', weight: 0.6, maxScore: 100 },
                { code: 'D2', name: '资金使用', weight: 0.4, maxScore: 100 },
              ],
            },
          ],
          combinations: [
            {
              code: 'std',
              name: '标准',
              slots: [{ slot: 'main', part: 'main', label: '综合评价', weight: 1 }],
            },
          ],
        },
        stages: [{ code: 'self', name: '单位自评', deadline: '12-15' }],
      }),
    );
  });

  it('refuses a workbook of another kind, and files that are not workbooks', async () => {
    const other = await buildWorkbook((wb) => {
      wb.addWorksheet('Sheet1').getCell('A1').value = '单位名称';
    });
    expect(await errorsOf(other)).toEqual([
      '这不是模板工作簿：没有找到“设置”“任务”“指标”等工作表（这个文件中的工作表有：Sheet1）',
    ]);
    const fill = await writeFillWorkbook(keytasks(), { taskCode: 'T01' });
    expect(await codesOf(fill)).toEqual(['not-template-workbook']);
    expect(await errorsOf(fill)).toEqual([
      '这是填报工作簿（给单位填写数据用的），不是模板工作簿。填好的填报工作簿请用“导入填报数据”读取；模板工作簿可以用“导出模板”得到',
    ]);
    expect(await errorsOf(xlsBytes())).toEqual([
      '这是旧版 .xls 文件，请在 Excel 或 WPS 中“另存为” .xlsx 后再导入',
    ]);
  });

  it('never throws, whatever people type into any cell', async () => {
    const base = await writeTemplateWorkbook(smallTemplate());
    const cellValue = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom(
        '是',
        '否',
        '百分比',
        '单选 governance',
        '12%',
        '１２',
        'T01',
        '=1',
        '12-15',
        '#DIV/0!',
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            sheet: fc.constantFrom(...Object.values(TEMPLATE_SHEETS).map((s) => s.name)),
            row: fc.integer({ min: 1, max: 12 }),
            col: fc.integer({ min: 1, max: 22 }),
            value: cellValue,
          }),
          { minLength: 1, maxLength: 6 },
        ),
        async (edits) => {
          const bytes = await editWorkbook(base, (wb) => {
            for (const e of edits) wb.getWorksheet(e.sheet)!.getCell(e.row, e.col).value = e.value;
          });
          const result = await read(bytes);
          if (!result.ok) {
            expect(result.errors.length).toBeGreaterThan(0);
            for (const e of result.errors)
              expect(formatWorkbookError(e, zh)).not.toMatch(/excel:|expr:|input:/);
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 60_000);

  it('needs indicators for every task, and names a task that has none', async () => {
    const bytes = await smallEdited((wb) => {
      const ind = wb.getWorksheet('指标')!;
      for (let r = ind.rowCount; r >= 2; r--) if (ind.getCell(r, 1).text === 'T02') ind.spliceRows(r, 1);
    });
    expect(await errorsOf(bytes)).toEqual([
      '任务!A3: 任务“行业产教融合共同体”（T02）还没有指标，请在“指标”工作表中添加',
    ]);
  });
});

// ─── Random valid templates ─────────────────────────────────────────────────────────────────────

/** Text without list separators or padding, so it stays one item of a 、-separated cell. */
const word = fc
  .string({
    unit: fc.constantFrom(...'测试指标年度建设单位数量ABCxyz0123456789()（）-_% '.split('')),
    minLength: 1,
    maxLength: 12,
  })
  .map((s) => s.trim())
  .filter((s) => s !== '');
const sentence = fc
  .string({
    unit: fc.constantFrom(...'测试指标，、；说明是否=<>"\'ABCxyz0123 '.split('')),
    minLength: 1,
    maxLength: 30,
  })
  .map((s) => s.trim())
  .filter((s) => s !== '');
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
/** Finite numbers, -0 excluded (a cell holds 0). */
const num = fc
  .double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 })
  .map((n) => (Object.is(n, -0) ? 0 : n));
const fraction = fc.integer({ min: 0, max: 10000 }).map((n) => n / 10000);
/** Weights that sum to exactly 1 in floating point. */
const weights = fc.constantFrom([1], [0.5, 0.5], [0.25, 0.75], [0.3, 0.7], [0.2, 0.3, 0.5]);
const mmdd = fc
  .tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
  .map(([m, d]) => `${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
const drop = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const templateArbitrary = fc
  .record({
    id: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,12}$/),
    version: fc.tuple(fc.nat(3000), fc.nat(20)).map(([a, b]) => `${a}.${b}`),
    name: word,
    programme: word,
    issuer: fc.oneof(fc.constant(''), word),
    years: fc.array(fc.integer({ min: 2000, max: 2100 }), { minLength: 1, maxLength: 4 }),
    deadline: mmdd,
    gradeCount: fc.integer({ min: 1, max: 4 }),
    gradeNames: fc.uniqueArray(word, { minLength: 4, maxLength: 4 }),
    lists: fc.uniqueArray(word, { minLength: 1, maxLength: 2 }),
    listItems: fc.array(fc.uniqueArray(word, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 2 }),
    tasks: fc.array(
      fc.record({
        no: fc.integer({ min: 1, max: 99 }),
        name: word,
        description: fc.oneof(fc.constant(''), sentence),
        targets: fc.array(
          fc.record({
            year: fc.integer({ min: 2000, max: 2100 }),
            text: sentence,
            value: maybe(num),
            unit: maybe(word),
          }),
          { maxLength: 2 },
        ),
        levels: fc.subarray([...PROJECT_LEVELS], { minLength: 1 }),
        subTypes: fc.array(word, { maxLength: 2 }),
        groups: fc.array(
          fc.record({
            name: word,
            indicators: fc.array(
              fc.record({
                label: word,
                unit: fc.oneof(fc.constant(''), word),
                type: fc.constantFrom(...INDICATOR_TYPES),
                required: fc.boolean(),
                min: maybe(num),
                span: maybe(fc.double({ noNaN: true, noDefaultInfinity: true, min: 0, max: 1e6 })),
                pmin: maybe(fraction),
                decimals: maybe(fc.integer({ min: 0, max: 6 })),
                relevant: fc.boolean(),
                evidenceRequired: fc.boolean(),
                yoy: maybe(fc.integer({ min: 1, max: 300 }).map((n) => n / 100)),
                help: maybe(sentence),
                rules: fc.array(
                  fc.record({
                    message: sentence,
                    severity: fc.constantFrom('error', 'warning') as fc.Arbitrary<'error' | 'warning'>,
                  }),
                  { maxLength: 2 },
                ),
              }),
              { minLength: 1, maxLength: 3 },
            ),
          }),
          { minLength: 1, maxLength: 2 },
        ),
        rules: fc.array(
          fc.record({
            message: sentence,
            severity: fc.constantFrom('error', 'warning') as fc.Arbitrary<'error' | 'warning'>,
          }),
          {
            maxLength: 2,
          },
        ),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    outline: fc.array(
      fc.record({
        title: word,
        guidance: fc.oneof(fc.constant(''), sentence),
        min: maybe(fc.nat(500)),
        extra: maybe(fc.nat(5000)),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    funding: maybe(fc.record({ unit: word, sources: fc.array(word, { minLength: 1, maxLength: 3 }) })),
    scoring: maybe(
      fc.record({
        parts: fc.array(
          fc.record({
            name: word,
            weights,
            maxScore: maybe(fc.integer({ min: 1, max: 200 })),
            guidance: maybe(sentence),
          }),
          {
            minLength: 1,
            maxLength: 2,
          },
        ),
        slotWeights: weights,
        label: word,
      }),
    ),
    stages: fc.array(fc.record({ name: word, deadline: maybe(mmdd) }), { minLength: 1, maxLength: 2 }),
  })
  .map((r) => {
    const listNames = r.lists;
    const choiceLists = Object.fromEntries(
      listNames.map((name, i) => [
        name,
        (r.listItems[i] ?? ['x']).map((label, j) => ({ code: `c${j}`, label })),
      ]),
    );
    let n = 0;
    const tasks = r.tasks.map((task, ti) => {
      const code = `T${ti + 1}`;
      const groups = task.groups.map((group, gi) => ({
        code: `${code}G${gi + 1}`,
        name: group.name,
        indicators: group.indicators.map((ind) => {
          const indCode = `I${++n}`;
          const percent = ind.type === 'percent';
          const min = percent ? ind.pmin : ind.min;
          const max = percent
            ? ind.pmin === undefined || ind.span === undefined
              ? undefined
              : Math.min(1, ind.pmin + ind.span / 1e6)
            : min === undefined || ind.span === undefined
              ? ind.span
              : min + ind.span;
          return drop({
            code: indCode,
            label: ind.label,
            unit: ind.unit,
            type: ind.type,
            required: ind.required,
            min,
            max: max !== undefined && min !== undefined && max < min ? min : max,
            decimals: ind.decimals,
            choices: ind.type === 'choice' ? listNames[0] : undefined,
            relevant: ind.relevant ? 'true' : undefined,
            evidenceRequired: ind.evidenceRequired,
            yoyThreshold: ind.yoy,
            help: ind.help,
            rules: ind.rules.map((rule, ri) => ({
              id: `${indCode}_F${ri + 1}`,
              expr: `${indCode} = ${indCode}`,
              message: rule.message,
              severity: rule.severity,
            })),
          });
        }),
      }));
      const first = groups[0]!.indicators[0]!.code;
      return {
        code,
        no: task.no,
        name: task.name,
        description: task.description,
        nationalTargets: task.targets.map(drop),
        levels: task.levels,
        subTypes: task.subTypes,
        groups,
        rules: task.rules.map((rule, ri) => ({
          id: `${code}_R${ri + 1}`,
          expr: `${first} = ${first}`,
          message: rule.message,
          severity: rule.severity,
        })),
      };
    });
    const grades = r.gradeNames.slice(0, r.gradeCount).map((name, i) => ({ name, minScore: 90 - i * 15.5 }));
    const scoring = r.scoring && {
      parts: r.scoring.parts.map((p, pi) => ({
        code: `P${pi + 1}`,
        name: p.name,
        dimensions: p.weights.map((weight, di) =>
          drop({
            code: `D${di + 1}`,
            name: `${p.name}${di}`,
            weight,
            maxScore: p.maxScore ?? 100,
            guidance: p.guidance ?? '',
          }),
        ),
      })),
      combinations: [
        {
          code: 'C1',
          name: r.scoring.label,
          slots: r.scoring.slotWeights.map((weight, si) => ({
            slot: `S${si + 1}`,
            part: `P${(si % r.scoring!.parts.length) + 1}`,
            label: `${r.scoring!.label}${si}`,
            weight,
          })),
        },
      ],
    };
    return drop({
      id: r.id,
      version: r.version,
      name: r.name,
      programme: r.programme,
      issuer: r.issuer,
      years: r.years,
      deadline: r.deadline,
      grades,
      tasks,
      choiceLists,
      outline: r.outline.map((s, i) =>
        drop({
          code: `S${i + 1}`,
          title: s.title,
          guidance: s.guidance,
          minChars: s.min,
          maxChars: s.extra === undefined ? undefined : (s.min ?? 0) + s.extra + 1,
        }),
      ),
      funding: r.funding && {
        unit: r.funding.unit,
        sources: r.funding.sources.map((name, i) => ({ code: `F${i + 1}`, name })),
      },
      scoring,
      stages: r.stages.map((s, i) => drop({ code: `st${i + 1}`, name: s.name, deadline: s.deadline })),
    });
  });
