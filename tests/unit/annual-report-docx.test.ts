/**
 * The Word copy of the annual report, read back as Word would: the package is unzipped with JSZip
 * and its parts parsed as XML, so the assertions are about the WordprocessingML itself (heading
 * styles, numbering, table grids and merges, fields, section properties), not about our own
 * objects. A layout pass (docx's own Word-like page layout) checks the pagination a person would see.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { layoutDocument } from 'docx/layout';
import { Parser } from 'htmlparser2';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { field } from '../../shared/domain/fields.ts';
import { buildAnnualReport, type AnnualReport, type Run } from '../../shared/report/annual-report.ts';
import { annualReportDocument, writeAnnualReportDocx } from '../../shared/report/annual-report-docx.ts';
import { BAR_WIDTH, MAX_COLUMNS, barEnd, chartGeometry } from '../../shared/report/docx-chart.ts';
import { RARE_PLACES, sampleReportSource } from '../fixtures/report-source.ts';

// ---------------------------------------------------------------------------------------------
// A small XML tree: enough to walk WordprocessingML without a DOM.

interface El {
  name: string;
  attrs: Record<string, string>;
  children: (El | string)[];
  parent?: El;
}

function parseXml(xml: string): El {
  const root: El = { name: '#root', attrs: {}, children: [] };
  let cur = root;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const el: El = { name, attrs, children: [], parent: cur };
        cur.children.push(el);
        cur = el;
      },
      ontext(text) {
        cur.children.push(text);
      },
      onclosetag() {
        cur = cur.parent ?? root;
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
  return root;
}

const kids = (el: El, name?: string): El[] =>
  el.children.filter((c): c is El => typeof c !== 'string' && (name === undefined || c.name === name));

function all(el: El, name: string): El[] {
  const out: El[] = [];
  const walk = (e: El) => {
    for (const c of kids(e)) {
      if (c.name === name) out.push(c);
      walk(c);
    }
  };
  walk(el);
  return out;
}

const first = (el: El, name: string): El | undefined => all(el, name)[0];

/** The visible text of a part of the body: w:t, w:tab and w:br, not field instructions. */
function text(el: El): string {
  if (el.name === 'w:t') return el.children.filter((c): c is string => typeof c === 'string').join('');
  if (el.name === 'w:tab' && el.parent?.name === 'w:r') return '\t';
  if (el.name === 'w:br') return '\n';
  if (el.name === 'w:instrText') return '';
  return kids(el)
    .map((c) => text(c))
    .join('');
}

const styleOf = (p: El) => first(p, 'w:pPr') && kids(first(p, 'w:pPr')!, 'w:pStyle')[0]?.attrs['w:val'];
const val = (el: El | undefined) => el?.attrs['w:val'];

interface Docx {
  zip: JSZip;
  files: string[];
  doc: El;
  body: El;
  styles: El;
  numbering: El;
  settings: El;
  core: El;
  part(path: string): Promise<El>;
}

async function openDocx(bytes: Uint8Array): Promise<Docx> {
  const zip = await JSZip.loadAsync(bytes);
  const part = async (path: string) => {
    const file = zip.file(path);
    if (!file) throw new Error(`missing part ${path}`);
    return parseXml(await file.async('string'));
  };
  const doc = await part('word/document.xml');
  return {
    zip,
    files: Object.keys(zip.files),
    doc,
    body: first(doc, 'w:body')!,
    styles: await part('word/styles.xml'),
    numbering: await part('word/numbering.xml'),
    settings: await part('word/settings.xml'),
    core: await part('docProps/core.xml'),
    part,
  };
}

/** The body's paragraphs and tables in order, at the top level. */
const blocks = (d: Docx) => kids(d.body).filter((e) => e.name === 'w:p' || e.name === 'w:tbl');
const paragraphs = (d: Docx) => all(d.body, 'w:p');
const withStyle = (d: Docx, style: string) => paragraphs(d).filter((p) => styleOf(p) === style);

/** The top-level table right after the caption paragraph with that text. */
function tableAfter(d: Docx, caption: string): El {
  const list = blocks(d);
  const i = list.findIndex((b) => b.name === 'w:p' && styleOf(b) === 'Caption' && text(b) === caption);
  expect(i, `caption ${caption}`).toBeGreaterThanOrEqual(0);
  const table = list[i + 1]!;
  expect(table.name).toBe('w:tbl');
  return table;
}

const rowsOf = (tbl: El) => kids(tbl, 'w:tr');
const cellsOf = (tr: El) => kids(tr, 'w:tc');
const tcPr = (tc: El) => kids(tc, 'w:tcPr')[0];
const gridSpan = (tc: El) => Number(val(tcPr(tc) && kids(tcPr(tc)!, 'w:gridSpan')[0]) ?? 1);
const tcWidth = (tc: El) => Number(tcPr(tc) && kids(tcPr(tc)!, 'w:tcW')[0]?.attrs['w:w']);
const fillOf = (tc: El) => (tcPr(tc) && kids(tcPr(tc)!, 'w:shd')[0]?.attrs['w:fill']) ?? undefined;
const isHeaderRow = (tr: El) =>
  !!(kids(tr, 'w:trPr')[0] && kids(kids(tr, 'w:trPr')[0]!, 'w:tblHeader').length);
const rowTexts = (tr: El) => cellsOf(tr).map((tc) => text(tc));
const instructions = (el: El) => all(el, 'w:instrText').map((i) => text({ ...i, name: 'w:t' }).trim());

function citeRuns(report: AnnualReport): Run[] {
  return report.sections
    .flatMap((s) =>
      s.blocks.flatMap((b) =>
        b.kind === 'paragraph' || b.kind === 'heading'
          ? b.runs
          : b.kind === 'list'
            ? b.items.flat()
            : b.rows.flat().flatMap((c) => c.runs),
      ),
    )
    .filter((r) => r.cite);
}

// ---------------------------------------------------------------------------------------------

const AT = new Date('2025-12-20T08:00:00Z');

describe('writeAnnualReportDocx', () => {
  let report: AnnualReport;
  let bytes: Uint8Array;
  let d: Docx;

  beforeAll(async () => {
    report = buildAnnualReport(sampleReportSource(), { generatedAt: AT });
    bytes = await writeAnnualReportDocx(report);
    d = await openDocx(bytes);
  });

  it('writes a zip package with the parts of a Word document', () => {
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(String.fromCharCode(bytes[0]!, bytes[1]!)).toBe('PK');
    for (const part of [
      '[Content_Types].xml',
      'word/document.xml',
      'word/styles.xml',
      'word/numbering.xml',
      'word/settings.xml',
      'word/fontTable.xml',
      'docProps/core.xml',
    ])
      expect(d.files).toContain(part);
    expect(d.files.filter((f) => /^word\/header\d+\.xml$/.test(f)).length).toBeGreaterThanOrEqual(1);
    expect(d.files.filter((f) => /^word\/footer\d+\.xml$/.test(f)).length).toBeGreaterThanOrEqual(2);
  });

  it('sets every chapter as a Heading 1, in order, and the text headings as Heading 2 and 3', () => {
    const expected = [
      ...report.sections.map((s) => s.heading),
      report.indicators.heading,
      report.chart.heading,
      report.funding!.heading,
      report.evidence.heading,
    ];
    expect(withStyle(d, 'Heading1').map(text)).toEqual(expected);
    const levels = (level: 1 | 2) =>
      report.sections.flatMap((s) =>
        s.blocks.flatMap((b) =>
          b.kind === 'heading' && b.level === level ? [b.runs.map((r) => r.text).join('')] : [],
        ),
      );
    expect(levels(1).length).toBeGreaterThan(0);
    expect(withStyle(d, 'Heading2').map(text)).toEqual(levels(1));
    expect(withStyle(d, 'Heading3').map(text)).toEqual(levels(2));
    // Chapters after the first start a page; funding follows the chart on its page, as in the PDF.
    const breaks = withStyle(d, 'Heading1').map(
      (p) => kids(first(p, 'w:pPr')!, 'w:pageBreakBefore').length > 0,
    );
    expect(breaks).toEqual(expected.map((h, i) => i > 0 && h !== report.funding!.heading));
  });

  it('holds the body text with bold and cited runs and every rare character', () => {
    const body = withStyle(d, 'BodyText').map(text);
    const joined = body.join('\n');
    for (const place of RARE_PLACES) expect(joined).toContain(place);
    for (const ch of ['鄞', '濮', '亳', '邕', '瑷', '珲']) expect(joined).toContain(ch);
    const expected = report.sections.flatMap((s) =>
      s.blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.runs.map((r) => r.text).join('')] : [])),
    );
    expect(body).toEqual(expected);

    const runs = withStyle(d, 'BodyText').flatMap((p) => kids(p, 'w:r'));
    const bold = runs.filter((r) => kids(first(r, 'w:rPr') ?? r, 'w:b').length > 0).map(text);
    expect(bold).toContain('产教融合');
    const cited = runs.filter((r) => val(first(r, 'w:rStyle')) === 'TbCite').map(text);
    const modelCites = citeRuns(report)
      .map((r) => r.text)
      .filter((t, i, a) => a.indexOf(t) === i);
    expect(modelCites.length).toBeGreaterThan(0);
    for (const c of modelCites) expect(cited).toContain(c);
    // The stale text stored in the HTML is never shown.
    expect(joined).not.toContain('旧值');
  });

  it('writes lists as numbered and bulleted Word lists, each ordered list counting from its start', () => {
    const listParas = paragraphs(d).filter((p) => first(p, 'w:numPr'));
    const items = listParas.map(text);
    expect(items).toContain('健全理事会章程，明确成员权责；');
    expect(items).toContain('第一阶段：调研论证；');
    const numId = (p: El) => val(first(p, 'w:numId'))!;
    const abstractOf = new Map(
      all(d.numbering, 'w:num').map((n) => [n.attrs['w:numId']!, val(first(n, 'w:abstractNumId'))!]),
    );
    const formatOf = (p: El) => {
      const abs = all(d.numbering, 'w:abstractNum').find(
        (a) => a.attrs['w:abstractNumId'] === abstractOf.get(numId(p)),
      );
      return val(first(abs!, 'w:numFmt'));
    };
    const bullets = listParas.filter((p) => formatOf(p) === 'bullet');
    const ordered = listParas.filter((p) => formatOf(p) === 'decimal');
    expect(bullets.map(text)).toContain('推行“订单班”培养。');
    expect(ordered.map(text)).toContain('第二阶段：试点运行。');
    // Five sections each with one ordered list of two items: five lists, so five numbering instances.
    const orderedLists = report.sections.flatMap((s) =>
      s.blocks.filter((b) => b.kind === 'list' && b.ordered),
    );
    expect(new Set(ordered.map(numId)).size).toBe(orderedLists.length);
    expect(ordered.length).toBe(
      orderedLists.reduce((n, l) => n + (l.kind === 'list' ? l.items.length : 0), 0),
    );
  });

  it('writes the indicator table with its group rows, every formatted value and a repeating header', () => {
    const tbl = tableAfter(d, report.indicators.caption);
    const rows = rowsOf(tbl);
    expect(isHeaderRow(rows[0]!)).toBe(true);
    expect(rowTexts(rows[0]!)).toEqual(report.indicators.columns);
    expect(rows.slice(1).some(isHeaderRow)).toBe(false);
    let r = 1;
    for (const g of report.indicators.groups) {
      const groupRow = rows[r++]!;
      expect(cellsOf(groupRow)).toHaveLength(1);
      expect(gridSpan(cellsOf(groupRow)[0]!)).toBe(report.indicators.columns.length);
      expect(text(groupRow)).toBe(g.name);
      for (const ind of g.rows) {
        const tr = rows[r++]!;
        expect(rowTexts(tr)).toEqual([
          ind.code,
          ind.label,
          ind.unit,
          ind.target,
          ind.actual,
          ind.rate,
          ind.lastYear,
          ind.change,
        ]);
        const actualRun = first(cellsOf(tr)[4]!, 'w:r');
        expect(!!(actualRun && first(actualRun, 'w:i')), `calculated ${ind.code}`).toBe(ind.calculated);
      }
    }
    expect(r).toBe(rows.length);
    // The fixture has real numbers in it: rates and signed changes.
    const flat = report.indicators.groups.flatMap((g) => g.rows);
    expect(flat.some((x) => /%$/.test(x.rate))).toBe(true);
    expect(flat.some((x) => x.calculated)).toBe(true);
    expect(text(tbl)).toContain('107.0%');
  });

  it('writes the funding table with a bold total row and the evidence list with SHA-256 in a small monospace font', () => {
    const f = report.funding!;
    const ft = tableAfter(d, f.caption);
    const rows = rowsOf(ft);
    expect(rowTexts(rows[0]!)).toEqual(f.columns);
    expect(isHeaderRow(rows[0]!)).toBe(true);
    expect(rows.slice(1, -1).map(rowTexts)).toEqual(f.rows);
    const total = rows.at(-1)!;
    expect(rowTexts(total)).toEqual(f.total);
    for (const run of all(total, 'w:r')) expect(first(run, 'w:b'), text(run)).toBeDefined();

    const ev = report.evidence;
    const et = tableAfter(d, ev.caption);
    const erows = rowsOf(et);
    expect(rowTexts(erows[0]!)).toEqual(ev.columns);
    expect(ev.rows.length).toBe(4);
    ev.rows.forEach((row, i) => {
      const cells = rowTexts(erows[i + 1]!);
      expect(cells.slice(0, 4)).toEqual(row.slice(0, 4));
      // Two lines of 32 digits, the same digits.
      expect(cells[4]!.split('\n')).toEqual([row[4]!.slice(0, 32), row[4]!.slice(32)]);
      const hashRun = first(cellsOf(erows[i + 1]!)[4]!, 'w:r')!;
      expect(first(hashRun, 'w:rFonts')!.attrs['w:ascii']).toBe('Courier New');
      expect(Number(val(first(hashRun, 'w:sz')))).toBeLessThanOrEqual(16);
    });
    expect(text(et)).toContain('佐证材料1-宁波市鄞州区合作协议.pdf');
  });

  it('keeps merged cells of the report text: gridSpan for a colspan, header rows repeated', () => {
    const merged = all(d.body, 'w:tc').filter((tc) => text(tc) === '合计（跨两列）');
    expect(merged.length).toBe(report.sections.length);
    for (const tc of merged) expect(gridSpan(tc)).toBe(2);
    const richTables = all(d.body, 'w:tbl').filter((t) => text(t).includes('合计（跨两列）'));
    for (const t of richTables) {
      expect(isHeaderRow(rowsOf(t)[0]!)).toBe(true);
      expect(rowTexts(rowsOf(t)[0]!)).toEqual(['项目', '2024年', '2025年']);
    }
  });

  it('gives every table a fixed grid that each row fills exactly', () => {
    const tables = all(d.body, 'w:tbl');
    expect(tables.length).toBeGreaterThanOrEqual(5 + 4);
    for (const t of tables) {
      const grid = all(kids(t, 'w:tblGrid')[0]!, 'w:gridCol').map((g) => Number(g.attrs['w:w']));
      expect(first(kids(t, 'w:tblPr')[0]!, 'w:tblLayout')?.attrs['w:type']).toBe('fixed');
      expect(grid.length).toBeLessThanOrEqual(MAX_COLUMNS);
      for (const tr of rowsOf(t)) {
        const spans = cellsOf(tr).reduce((n, tc) => n + gridSpan(tc), 0);
        expect(spans).toBe(grid.length);
        const widths = cellsOf(tr).reduce((n, tc) => n + tcWidth(tc), 0);
        expect(widths).toBe(grid.reduce((a, b) => a + b, 0));
      }
    }
  });

  it('draws the completion chart as a table of bars proportional to the capped rate', () => {
    const ch = report.chart;
    const tbl = tableAfter(d, ch.caption);
    const rows = rowsOf(tbl);
    expect(rows).toHaveLength(ch.items.length + 1);
    const grid = all(kids(tbl, 'w:tblGrid')[0]!, 'w:gridCol').map((g) => Number(g.attrs['w:w']));
    const barWidth = grid.slice(1, -1).reduce((a, b) => a + b, 0);
    expect(barWidth).toBe(BAR_WIDTH);
    /** Where each cell of a row starts and ends in the bar area, in twips. */
    const spans = (tr: El) => {
      let x = -grid[0]!;
      return cellsOf(tr).map((tc) => {
        const from = x;
        x += tcWidth(tc);
        return { tc, from, to: x };
      });
    };
    expect(rowTexts(rows[0]!).filter(Boolean)).toEqual(['0%', '50%', '100%', '150%', '200%']);
    // Each tick label is centred on its tick: 100% over the middle of the bar area.
    const hundred = spans(rows[0]!).find((s) => text(s.tc) === '100%')!;
    expect(Math.abs((hundred.from + hundred.to) / 2 - BAR_WIDTH / 2)).toBeLessThanOrEqual(1);
    ch.items.forEach((item, i) => {
      const cells = spans(rows[i + 1]!);
      expect(text(cells[0]!.tc)).toBe(item.label);
      expect(text(cells.at(-1)!.tc)).toBe(`${(item.rate * 100).toFixed(1)}%  ${item.valueText}`);
      const bars = cells.slice(1, -1);
      expect(bars[0]!.from).toBe(0);
      expect(bars.at(-1)!.to).toBe(BAR_WIDTH);
      const filled = bars.filter((s) => fillOf(s.tc) === (item.rate >= 1 ? '2F6FBF' : 'D9822B'));
      expect(filled.length).toBeGreaterThan(0);
      // Shaded from the start, as long as the capped rate to half a millimetre.
      expect(filled[0]!.from).toBe(0);
      const end = filled.at(-1)!.to;
      expect(filled.reduce((n, s) => n + s.to - s.from, 0)).toBe(end);
      expect(Math.abs(end - (Math.min(item.rate, ch.maxRate) / ch.maxRate) * BAR_WIDTH)).toBeLessThanOrEqual(
        15,
      );
      expect(bars.filter((s) => s.from >= end).every((s) => fillOf(s.tc) === 'F2F4F7')).toBe(true);
      // The dashed 100% line: the left border of the cell that starts at the middle.
      const atTarget = bars.find((s) => s.from === BAR_WIDTH / 2)!;
      expect(first(first(tcPr(atTarget.tc)!, 'w:tcBorders')!, 'w:left')!.attrs['w:val']).toBe('dashed');
    });
    // An item over the cap fills the whole bar; the fixture has one at 206%.
    const over = ch.items.findIndex((x) => x.rate > ch.maxRate);
    expect(over).toBeGreaterThanOrEqual(0);
    const overFilled = cellsOf(rows[over + 1]!).filter((tc) => fillOf(tc) === '2F6FBF');
    expect(overFilled.reduce((n, tc) => n + tcWidth(tc), 0)).toBe(BAR_WIDTH);
    const note = blocks(d)[blocks(d).indexOf(tbl) + 1]!;
    expect(text(note)).toBe(ch.note);
  });

  it('has a real table of contents field, filled with the headings, that Word updates on open', async () => {
    const tocInstr = instructions(d.body).filter((i) => i.startsWith('TOC'));
    expect(tocInstr).toHaveLength(1);
    expect(tocInstr[0]).toMatch(/\\o "1-2"/);
    expect(tocInstr[0]).toMatch(/\\h/);
    const sdt = first(d.body, 'w:sdt')!;
    const entries = all(sdt, 'w:p').map((p) => text(p).split('\t')[0]);
    for (const s of report.sections) expect(entries).toContain(s.heading);
    expect(entries).toContain(report.evidence.heading);
    expect(withStyle(d, 'TOCHeading').map(text)).toEqual([report.contentsTitle]);
    // Present and not switched off (an on/off element with no w:val is on).
    const update = first(d.settings, 'w:updateFields');
    expect(update).toBeDefined();
    expect(['true', '1', 'on', undefined]).toContain(val(update));
  });

  it('puts the cover in a section of its own, then contents and body with header and page numbers', async () => {
    const sects = all(d.body, 'w:sectPr');
    expect(sects).toHaveLength(3);
    const [cover, contents, body] = sects as [El, El, El];
    expect(kids(cover, 'w:headerReference')).toHaveLength(0);
    expect(kids(cover, 'w:footerReference')).toHaveLength(0);
    for (const s of sects) {
      expect(first(s, 'w:pgSz')!.attrs).toMatchObject({ 'w:w': '11906', 'w:h': '16838' });
    }
    expect(first(contents, 'w:pgNumType')!.attrs).toMatchObject({ 'w:start': '1', 'w:fmt': 'upperRoman' });
    expect(first(body, 'w:pgNumType')!.attrs).toMatchObject({ 'w:start': '1', 'w:fmt': 'decimal' });

    const rels = parseXml(await d.zip.file('word/_rels/document.xml.rels')!.async('string'));
    const target = (s: El, kind: 'header' | 'footer') => {
      const id = kids(s, `w:${kind}Reference`).find((r) => r.attrs['w:type'] === 'default')!.attrs['r:id'];
      return 'word/' + all(rels, 'Relationship').find((r) => r.attrs.Id === id)!.attrs.Target;
    };
    for (const s of [contents, body]) expect(text(await d.part(target(s, 'header')))).toBe(report.header);

    const footer = await d.part(target(body, 'footer'));
    expect(instructions(footer)).toEqual(['PAGE', 'SECTIONPAGES']);
    // The pattern's words around the two fields: 第 {{page}} 页 共 {{pages}} 页.
    const pieces = report.footerPattern.split(/\{\{pages?\}\}/);
    expect(text(footer)).toBe(pieces.join(''));
    expect(instructions(await d.part(target(contents, 'footer')))).toEqual(['PAGE']);

    // The cover: programme, title, task, every label and value, the seal, unit, date and receipt.
    const firstSect = blocks(d).findIndex((b) => first(b, 'w:sectPr'));
    const coverText = blocks(d)
      .slice(0, firstSect + 1)
      .map(text)
      .join('\n');
    const c = report.cover;
    for (const s of [c.programme, c.title, c.taskName, c.seal, c.unitName, c.date, c.receipt!])
      expect(coverText).toContain(s);
    for (const l of c.lines) expect(coverText).toContain(`${l.label}：${l.value}`);
    expect(c.date).toBe('2025年12月20日');
    expect(withStyle(d, 'Title').map(text)).toEqual([c.title]);
  });

  it('uses Chinese official typography: 仿宋 body, 黑体 headings, exact 28 pt lines, Chinese language', async () => {
    const style = (id: string) => all(d.styles, 'w:style').find((s) => s.attrs['w:styleId'] === id)!;
    const fontsOf = (el: El) => first(el, 'w:rFonts')!.attrs;
    const defaults = first(d.styles, 'w:docDefaults')!;
    expect(fontsOf(defaults)['w:eastAsia']).toBe('仿宋');
    expect(first(defaults, 'w:lang')!.attrs['w:eastAsia']).toBe('zh-CN');
    expect(fontsOf(style('Heading1'))['w:eastAsia']).toBe('黑体');
    expect(val(first(style('Heading1'), 'w:sz'))).toBe('32');
    expect(val(first(style('Heading1'), 'w:outlineLvl'))).toBe('0');
    expect(val(first(style('Heading2'), 'w:outlineLvl'))).toBe('1');
    expect(fontsOf(style('BodyText'))['w:eastAsia']).toBe('仿宋');
    expect(first(style('BodyText'), 'w:spacing')!.attrs).toMatchObject({
      'w:line': '560',
      'w:lineRule': 'exact',
    });
    expect(val(first(style('TbTableText'), 'w:sz'))).toBe('21');
    expect(fontsOf(style('Title'))['w:eastAsia']).toBe('方正小标宋简体');
    // A machine without 方正小标宋简体 is pointed at 宋体 by the font table.
    const ft = first(await d.part('word/fontTable.xml'), 'w:fonts')!;
    const title = kids(ft, 'w:font').find((f) => f.attrs['w:name'] === '方正小标宋简体')!;
    expect(val(first(title, 'w:altName'))).toBe('宋体');
    expect(val(first(title, 'w:charset'))).toBe('86');
  });

  it('sets the document properties', () => {
    const prop = (name: string) => text({ ...first(d.core, name)!, name: 'w:t' });
    expect(prop('dc:title')).toBe(`${report.cover.taskName} ${report.title}`);
    expect(prop('dc:creator')).toBe(report.meta.author);
    expect(prop('dc:subject')).toBe(report.meta.subject);
    expect(prop('cp:keywords')).toBe(report.meta.keywords);
  });

  it('lays out as Word would: a one-page cover, the contents, every chapter on a page of its own', () => {
    const layout = layoutDocument(annualReportDocument(report), { guess: true });
    expect(layout.stoppedAt).toBeUndefined();
    const pages = layout.pages;
    const bySection = (s: number) => pages.filter((p) => p.section === s);
    expect(bySection(0)).toHaveLength(1);
    expect(bySection(1)).toHaveLength(1);
    expect(bySection(1)[0]!.pageNumber).toBe('I');
    const body = bySection(2);
    expect(body[0]!.pageNumber).toBe('1');
    expect(body.length).toBeGreaterThanOrEqual(report.sections.length + 3);
    expect(body.length).toBeLessThanOrEqual(report.sections.length + 6);
    // Nothing runs into the bottom margin: every line ends above it.
    const bottom = ((16838 - 1984) / 1440) * 96;
    for (const p of pages) {
      for (const b of p.body) {
        if (b.type === 'paragraph')
          for (const l of b.lines) expect(l.y + l.height).toBeLessThanOrEqual(bottom + 1);
        else for (const r of b.rows) expect(r.y + r.height).toBeLessThanOrEqual(bottom + 1);
      }
    }
    // Each chapter heading is the first thing on its page.
    const firstLines = body.map((p) => {
      const b = p.body[0];
      return b?.type === 'paragraph' ? b.lines[0]?.text : undefined;
    });
    for (const s of report.sections) expect(firstLines).toContain(s.heading);
    expect(firstLines).toContain(report.indicators.heading);
    expect(firstLines).toContain(report.evidence.heading);
  });
});

describe('writeAnnualReportDocx with content of every shape', () => {
  it('honours rowspan, ragged rows, list starts and line breaks of the report text', async () => {
    const report = buildAnnualReport(sampleReportSource(), { generatedAt: AT });
    report.sections[0]!.blocks = [
      { kind: 'paragraph', runs: [{ text: '第一行\n第二行' }] },
      { kind: 'list', ordered: true, start: 3, items: [[{ text: '第三项' }], [{ text: '第四项' }]] },
      { kind: 'list', ordered: true, start: 1, items: [[{ text: '重新第一项' }]] },
      {
        kind: 'table',
        rows: [
          [
            { runs: [{ text: '类别' }], header: true, colSpan: 1, rowSpan: 1 },
            { runs: [{ text: '数量' }], header: true, colSpan: 2, rowSpan: 1 },
          ],
          [
            { runs: [{ text: '跨两行' }], header: false, colSpan: 1, rowSpan: 2 },
            { runs: [{ text: 'a' }], header: false, colSpan: 1, rowSpan: 1 },
            { runs: [{ text: 'b' }], header: false, colSpan: 1, rowSpan: 1 },
          ],
          // Ragged: one cell short.
          [{ runs: [{ text: 'c' }], header: false, colSpan: 1, rowSpan: 1 }],
        ],
      },
    ];
    const d = await openDocx(await writeAnnualReportDocx(report));
    const para = withStyle(d, 'BodyText').find((p) => text(p).startsWith('第一行'))!;
    expect(text(para)).toBe('第一行\n第二行');

    const items = paragraphs(d).filter((p) => first(p, 'w:numPr'));
    const three = items.find((p) => text(p) === '第三项')!;
    const again = items.find((p) => text(p) === '重新第一项')!;
    const numId = (p: El) => val(first(p, 'w:numId'))!;
    expect(numId(items.find((p) => text(p) === '第四项')!)).toBe(numId(three));
    expect(numId(again)).not.toBe(numId(three));
    const startOf = (p: El) => {
      const num = all(d.numbering, 'w:num').find((n) => n.attrs['w:numId'] === numId(p))!;
      const override = first(num, 'w:startOverride');
      if (override) return Number(val(override));
      const abs = all(d.numbering, 'w:abstractNum').find(
        (a) => a.attrs['w:abstractNumId'] === val(first(num, 'w:abstractNumId')),
      )!;
      return Number(val(first(abs, 'w:start')));
    };
    expect(startOf(three)).toBe(3);
    expect(startOf(again)).toBe(1);

    const tbl = all(d.body, 'w:tbl').find((t) => text(t).includes('跨两行'))!;
    const rows = rowsOf(tbl);
    expect(rows).toHaveLength(3);
    expect(isHeaderRow(rows[0]!)).toBe(true);
    expect(isHeaderRow(rows[1]!)).toBe(false);
    expect(gridSpan(cellsOf(rows[0]!)[1]!)).toBe(2);
    const vmerge = (tc: El) => first(tcPr(tc)!, 'w:vMerge');
    expect(val(vmerge(cellsOf(rows[1]!)[0]!))).toBe('restart');
    const below = cellsOf(rows[2]!);
    expect(below).toHaveLength(3);
    expect(vmerge(below[0]!)).toBeDefined();
    expect(val(vmerge(below[0]!)) ?? 'continue').toBe('continue');
    expect(rowTexts(rows[2]!)).toEqual(['', 'c', '']);
  });

  it('writes a report with nothing filled in: empty texts instead of sections, chart and evidence', async () => {
    const source = sampleReportSource({ evidence: 0 });
    for (const sec of source.template.outline) delete source.values[field.report(sec.code)];
    source.targets = {};
    source.snapshotSha256 = undefined;
    const report = buildAnnualReport(source, { generatedAt: AT });
    expect(report.chart.items).toHaveLength(0);
    const d = await openDocx(await writeAnnualReportDocx(report));
    const muted = withStyle(d, 'TbMuted').map(text);
    expect(muted.filter((t) => t === report.sections[0]!.empty)).toHaveLength(report.sections.length);
    expect(muted).toContain(report.chart.empty);
    expect(muted).toContain(report.evidence.empty);
    expect(withStyle(d, 'Heading1').map(text)).toEqual([
      ...report.sections.map((s) => s.heading),
      report.indicators.heading,
      report.chart.heading,
      report.funding!.heading,
      report.evidence.heading,
    ]);
    expect(withStyle(d, 'Heading2')).toHaveLength(0);
    expect(paragraphs(d).filter((p) => first(p, 'w:numPr'))).toHaveLength(0);
    const coverText = paragraphs(d).map(text).join('\n');
    expect(coverText).not.toContain('SHA-256：');
    // The indicator table is still there, with no targets and no rates.
    const rows = rowsOf(tableAfter(d, report.indicators.caption));
    expect(rows.length).toBeGreaterThan(1);
    expect(instructions(d.body).filter((i) => i.startsWith('TOC'))).toHaveLength(1);
  });

  it('writes the empty text when a task has no indicators and leaves funding out when there is none', async () => {
    const report = buildAnnualReport(sampleReportSource(), { generatedAt: AT });
    report.indicators.groups = [];
    report.funding = undefined;
    const d = await openDocx(await writeAnnualReportDocx(report));
    const muted = withStyle(d, 'TbMuted').map(text);
    expect(muted).toContain(report.indicators.empty);
    expect(withStyle(d, 'Heading1').map(text)).not.toContain(expect.stringContaining('资金投入'));
    expect(all(d.body, 'w:tbl').some((t) => text(t).includes('计划投入'))).toBe(false);
  });
});

describe('chart geometry', () => {
  it('cuts the bar area at the axis labels, the 100% line and the bar ends', () => {
    const g = chartGeometry([0.5, 1, 1.24, 3, 0, 0.998], 2, 4000);
    expect(g.ticks).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(g.axis).toEqual([0, 500, 1500, 2500, 3500, 4000]);
    expect(g.target).toBe(2000);
    // 0.998 ends 4 twips short of 100%: it is drawn to the line rather than leave a sliver.
    expect(g.ends).toEqual([1000, 2000, 2480, 4000, 0, 2000]);
    expect(g.cuts).toEqual([0, 500, 1000, 1500, 2000, 2480, 2500, 3500, 4000]);
    expect(chartGeometry([], 1, 4000).target).toBeNull();
    expect(barEnd(0.0001, 2, 4000)).toBeGreaterThan(0);
    expect(barEnd(Number.NaN, 2, 4000)).toBe(0);
    expect(barEnd(Number.POSITIVE_INFINITY, 2, 4000)).toBe(4000);
  });

  it('stays within the 63 columns Word allows however many bars there are', () => {
    const rates = Array.from({ length: 300 }, (_, i) => (i * 0.00731) % 2.3);
    const g = chartGeometry(rates, 2, BAR_WIDTH);
    expect(g.cuts.length - 1 + 2).toBeLessThanOrEqual(MAX_COLUMNS);
    for (const [i, r] of rates.entries()) {
      const exact = (Math.min(r, 2) / 2) * BAR_WIDTH;
      if (r > 0) expect(Math.abs(g.ends[i]! - exact)).toBeLessThan(BAR_WIDTH / 30);
      expect(g.cuts).toContain(g.ends[i]);
    }
  });

  it('writes a chart of many indicators as a table Word can open', async () => {
    const report = buildAnnualReport(sampleReportSource(), { generatedAt: AT });
    report.chart.items = Array.from({ length: 120 }, (_, i) => ({
      label: `指标${i + 1}`,
      rate: (i * 0.0173) % 2.2,
      valueText: `${i} / 100`,
    }));
    const d = await openDocx(await writeAnnualReportDocx(report));
    for (const t of all(d.body, 'w:tbl'))
      expect(all(kids(t, 'w:tblGrid')[0]!, 'w:gridCol').length).toBeLessThanOrEqual(MAX_COLUMNS);
    expect(rowsOf(tableAfter(d, report.chart.caption))).toHaveLength(121);
  });
});

describe('portability', () => {
  it('uses no Node API, so it runs in a browser worker', () => {
    for (const file of ['annual-report-docx.ts', 'docx-styles.ts', 'docx-chart.ts']) {
      const src = readFileSync(join(__dirname, '../../shared/report', file), 'utf8');
      expect(src, file).not.toMatch(/from 'node:|require\(|\bBuffer\b|\bprocess\./);
    }
  });
});
